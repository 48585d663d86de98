// Quick exit, after GOV.UK's "Exit this page". Without JS the button is a plain link.
(() => {
  'use strict';
  const link = document.querySelector('[data-quick-exit-url]');
  if (!link) return;
  const url = link.getAttribute('data-quick-exit-url') || link.href;
  // Tells later Attune pages in this tab that the person left in a hurry.
  const KEY = 'qe';
  let gone = false;

  const store = (fn) => { try { return fn(window.sessionStorage); } catch (e) { return null; } };

  // Pages kept for offline reading and writes waiting to be sent are dropped too. The service
  // worker does it (it outlives this page); the page also starts it itself, in case there is none.
  function forget() {
    try {
      const sw = navigator.serviceWorker && navigator.serviceWorker.controller;
      if (sw) sw.postMessage('forget');
      if (window.caches) caches.keys().then((names) => names.forEach((n) => caches.delete(n)));
      if (window.indexedDB) indexedDB.deleteDatabase('attune');
    } catch (e) { /* leaving matters more than tidying */ }
  }

  function leave() {
    if (gone) return;
    gone = true;
    // Hide first: on a slow connection the old page would otherwise stay readable.
    document.documentElement.classList.add('quick-exit-blank');
    document.title = '';
    store((s) => s.setItem(KEY, '1'));
    forget();
    // replace(), not href: the page leaves history, so Back cannot reopen it.
    window.location.replace(url);
  }

  link.addEventListener('click', (e) => { e.preventDefault(); leave(); });

  // Esc on keydown: by keyup an open <dialog> has already closed on that same press.
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !e.defaultPrevented && !e.isComposing &&
        !document.querySelector('dialog[open]')) leave();
  });

  // Shift three times in a row within 5 s. Counted on keyup, and a Shift that
  // released a Shift+key combination does not count, so typing capitals never exits.
  let presses = 0;
  let first = 0;
  let chord = false;
  document.addEventListener('keyup', (e) => {
    if (e.key === 'Shift' && !chord) {
      const now = Date.now();
      if (now - first > 5000) { presses = 0; first = now; }
      if (++presses === 3) leave();
    } else {
      presses = 0;
      first = 0;
    }
    chord = e.shiftKey;
  }, true);

  // Back from the neutral site to an Attune page of this tab: leave again at once.
  // A fresh visit (typed address, link, reload) clears the mark instead.
  const nav = performance.getEntriesByType ? performance.getEntriesByType('navigation')[0] : null;
  if (store((s) => s.getItem(KEY))) {
    if (nav && nav.type === 'back_forward') leave();
    else store((s) => s.removeItem(KEY));
  }

  // Restored from the back-forward cache: scripts do not rerun, only pageshow fires.
  window.addEventListener('pageshow', (e) => {
    if (e.persisted && (gone || store((s) => s.getItem(KEY)))) {
      gone = false;
      leave();
    }
  });
})();
