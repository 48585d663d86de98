// Attune's service worker. It keeps public pages a person has read (the library, exercises,
// decks, help) so they open without a connection, and never a private one: each kept copy is
// fetched again without the person's cookies. A form sent without a connection is kept on the
// phone instead (IndexedDB) and app.js sends it when the connection is back; its write_key
// makes a second send change nothing. Log-out, account deletion and the quick exit clear it all.
'use strict';

const VERSION = {{ version|safe }};
const ROOT = new URL('./', self.location).pathname;
const PAGES = 'attune-pages';
const ASSETS = 'attune-assets-' + VERSION;
const OFFLINE = ROOT + 'offline/';
const SAVED = ROOT + 'offline/saved/';
const PUBLIC = {{ public|safe }}.map((p) => new RegExp(p));
const QUEUED = {{ queued|safe }}.map((p) => new RegExp(p));
const PRECACHE = [
  'static/attune/site.css', 'static/attune/app.js', 'static/attune/quick-exit.js',
  'static/attune/icon.svg', 'static/attune/icon-neutral.svg',
].map((p) => ROOT + p);

const local = (url) => url.pathname.startsWith(ROOT) ? url.pathname.slice(ROOT.length) : null;
const matches = (patterns, url) => {
  const path = local(url);
  return path !== null && patterns.some((p) => p.test(path));
};

function openQueue() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('attune', 1);
    request.onupgradeneeded = () => request.result.createObjectStore('queue', { keyPath: 'key' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function keepWrite(item) {
  const db = await openQueue();
  await new Promise((resolve, reject) => {
    const tx = db.transaction('queue', 'readwrite');
    tx.objectStore('queue').put(item);
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

// A public page's copy without cookies: what anyone would see, so nothing private is kept.
async function fetchPublic(url, discreet) {
  const headers = discreet ? { 'Attune-Discreet': '1' } : {};
  const response = await fetch(url, { credentials: 'omit', headers, redirect: 'follow' });
  const control = response.headers.get('Cache-Control') || '';
  return response.ok && !response.redirected && !control.includes('no-store') ? response : null;
}

async function keepPage(url, live) {
  const copy = new URL(url);
  copy.hash = '';
  const html = await live.text();
  const fresh = await fetchPublic(copy.href, html.includes('data-discreet'));
  if (fresh) await (await caches.open(PAGES)).put(copy.href, fresh);
}

async function page(event, url) {
  try {
    const live = await fetch(event.request);
    if (live.ok && matches(PUBLIC, url)) event.waitUntil(keepPage(url, live.clone()).catch(() => {}));
    return live;
  } catch (offline) {
    const own = await caches.match(url.pathname, { cacheName: ASSETS });  // offline/, offline/saved/
    const kept = matches(PUBLIC, url) && (await caches.match(url.href, { cacheName: PAGES }));
    return own || kept || (await caches.match(OFFLINE, { cacheName: ASSETS })) || Response.error();
  }
}

async function sendOrKeep(request) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (offline) {
    const form = await copy.formData();
    const fields = [...form.entries()].filter(([, value]) => typeof value === 'string');
    const key = form.get('write_key') || self.crypto.randomUUID();
    await keepWrite({ key, url: request.url, fields, savedAt: Date.now() });
    return Response.redirect(SAVED, 303);
  }
}

async function asset(event) {
  const cache = await caches.open(ASSETS);
  const kept = await cache.match(event.request);
  const fresh = fetch(event.request).then((response) => {
    if (response.ok) cache.put(event.request, response.clone());
    return response;
  });
  if (kept) {
    event.waitUntil(fresh.catch(() => {}));
    return kept;
  }
  return fresh;
}

async function forget() {
  await Promise.all((await caches.keys()).map((name) => caches.delete(name)));
  await new Promise((resolve) => {
    const request = indexedDB.deleteDatabase('attune');
    request.onsuccess = request.onerror = request.onblocked = resolve;
  });
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(ASSETS);
    await cache.addAll(PRECACHE);
    for (const path of [OFFLINE, SAVED]) {
      const response = await fetchPublic(path, false);
      if (response) await cache.put(path, response);
    }
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith('attune-assets-') && n !== ASSETS)
      .map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && request.mode === 'navigate' && matches(QUEUED, url)) {
    event.respondWith(sendOrKeep(request));
  } else if (request.method !== 'GET') {
    return;
  } else if (local(url) !== null && local(url).startsWith('static/')) {
    event.respondWith(asset(event));
  } else if (request.mode === 'navigate') {
    event.respondWith(page(event, url));
  }
});

self.addEventListener('message', (event) => {
  if (event.data === 'forget') event.waitUntil(forget());
});
