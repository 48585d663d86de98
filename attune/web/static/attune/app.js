// Attune on a phone: registers the service worker, gives each form that may wait offline a
// key (write_key) so a second send of it changes nothing, says plainly what is saved on this
// phone and not sent yet, and sends it once the connection is back. Without JS none of this
// runs and every form posts as usual.
(() => {
  'use strict';
  const script = document.currentScript;
  const worker = script && script.getAttribute('data-sw');
  const login = script && script.getAttribute('data-login');
  if (!('serviceWorker' in navigator) || !worker || !window.indexedDB) return;
  navigator.serviceWorker.register(worker).catch(() => {});

  for (const form of document.querySelectorAll('form[data-keep-offline]')) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = 'write_key';
    input.value = self.crypto.randomUUID();  // a service worker needs a secure page, so this is there
    form.appendChild(input);
  }

  const LABELS = [[/\/checkins\/$/, 'Your daily check-in'], [/\/progress\/pulse\/$/, 'Your weekly pulse'],
    [/\/activities\/runs\//, 'A step of an activity']];
  const label = (url) => (LABELS.find(([p]) => p.test(new URL(url).pathname)) || [null, 'Something you wrote'])[1];

  function openQueue() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open('attune', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('queue', { keyPath: 'key' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  async function queue(mode, work) {
    const db = await openQueue();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction('queue', mode);
        const result = work(tx.objectStore('queue'));
        tx.oncomplete = () => resolve(result && result.result);
        tx.onerror = () => reject(tx.error);
      });
    } finally { db.close(); }
  }
  const waiting = () => queue('readonly', (store) => store.getAll());
  const drop = (key) => queue('readwrite', (store) => store.delete(key));

  // One status line at the top of the page; role=status so a screen reader hears it too.
  const main = document.getElementById('main');
  const status = document.createElement('div');
  status.className = 'notice waiting';
  status.setAttribute('role', 'status');
  status.hidden = true;
  if (main) main.prepend(status);

  function show(items, note) {
    status.replaceChildren();
    if (!items.length && !note) { status.hidden = true; return; }
    status.hidden = false;
    if (items.length) {
      const head = document.createElement('p');
      const strong = document.createElement('strong');
      strong.textContent = 'Saved on this phone, not sent yet';
      head.append(strong, `: it will be sent when you are back online${note ? '. ' + note : '.'}`);
      const list = document.createElement('ul');
      for (const item of items) {
        const li = document.createElement('li');
        const when = new Date(item.savedAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
        li.textContent = `${label(item.url)}, saved ${when}${item.failed ? ' (could not be sent: please open that page and send it again)' : ''}`;
        list.appendChild(li);
      }
      status.append(head, list);
    } else {
      const p = document.createElement('p');
      p.textContent = note;
      status.append(p);
    }
  }

  let sending = false;
  async function send() {
    if (sending) return;
    sending = true;
    let note = '';
    try {
      const token = document.querySelector('input[name=csrfmiddlewaretoken]');
      if (!token && navigator.onLine && (await waiting()).length) {
        // A kept page is the signed-out copy: reload it (three tries, a second apart).
        const tries = Number(sessionStorage.getItem('attune-resend') || 0);
        if (tries < 3) {
          sessionStorage.setItem('attune-resend', String(tries + 1));
          setTimeout(() => location.reload(), tries * 1000);
          return;
        }
        note = 'Open any of your own pages to send it.';
      }
      sessionStorage.removeItem('attune-resend');
      let sent = 0;
      for (const item of await waiting()) {
        if (!navigator.onLine || !token || item.failed) continue;
        const body = new URLSearchParams();
        for (const [name, value] of item.fields) {
          if (name !== 'csrfmiddlewaretoken') body.append(name, value);
        }
        body.append('csrfmiddlewaretoken', token.value);
        body.append('written_at', String(item.savedAt));
        let response;
        try {
          response = await fetch(item.url, { method: 'POST', body, credentials: 'same-origin' });
        } catch (offline) { break; }
        if (response.redirected && login && new URL(response.url).pathname === login) {
          note = 'Log in again to send it.';
          break;
        }
        if (response.ok && response.redirected) {
          await drop(item.key);
          sent += 1;
        } else if (response.status >= 400 && response.status < 500) {
          await queue('readwrite', (store) => store.put({ ...item, failed: true }));
        }
      }
      if (sent) note = sent === 1 ? 'What you saved on this phone has been sent.' : `${sent} things saved on this phone have been sent.`;
    } finally {
      sending = false;
    }
    show(await waiting(), note);
  }

  window.addEventListener('online', send);
  window.addEventListener('offline', () => waiting().then((items) => show(items, '')));
  waiting().then((items) => (items.length && navigator.onLine ? send() : show(items, ''))).catch(() => {});
})();
