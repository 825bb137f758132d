/*
 * The service worker of the web UI (issue #19, decision 0042), built to /sw.js by
 * scripts/web-build.ts, which fills in the precache list and the version.
 *
 * - The shell (index.html, the entry chunk and its imports, the check-in page) is precached, so a
 *   second visit starts without a network and a QR code scanned without signal still opens.
 * - Hashed files under /assets/ never change: served from the cache first, kept when fetched.
 * - Page navigations go to the network first (a new build is picked up at once) and fall back to
 *   the cached index.html when there is none.
 * - /api is never touched: its answers carry ID numbers, phones and discipline records, which no
 *   cache on the phone may keep (decisions 0035 and 0037; the server sends them `no-store`). A
 *   check-in scanned offline is queued by the page itself (CheckinPage), not here.
 */
const PRECACHE = '__PRECACHE__';
const CACHE = 'jiceng-shell-__VERSION__';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((n) => n.startsWith('jiceng-') && n !== CACHE).map((n) => caches.delete(n))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // Never the API (personal data), never the API docs.
  if (url.pathname.startsWith('/api/') || url.pathname === '/api') return;

  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request).catch(() =>
        caches.match('/', { cacheName: CACHE }).then((cached) => cached || Response.error()),
      ),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches.match(request, { cacheName: CACHE }).then(
        (cached) =>
          cached ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              void caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
    return;
  }
  // The manifest and icons: fresh when online, cached copy otherwise.
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          void caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request, { cacheName: CACHE }).then((cached) => cached || Response.error())),
  );
});
