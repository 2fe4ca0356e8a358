// The field app's service worker (served at /app-sw.js, scope /app): precaches the app shell (page, scripts,
// styles, Leaflet) and serves it from the cache when the network is gone. Data (the /api routes) is never
// cached here: the page keeps households and visits in IndexedDB itself.

const CACHE = 'xiangtu-app-v5';
const SHELL = [
  '/app',
  '/app.webmanifest',
  '/css/app.css',
  '/img/app-icon.svg',
  '/js/app/main.js',
  '/js/app/db.js',
  '/js/app/queue.js',
  '/js/app/strings.js',
  '/js/app/exif.js',
  '/js/core/api.js',
  '/js/core/http.js',
  '/js/core/i18n.js',
  '/js/core/params.js',
  '/js/core/layer-names.js',
  '/webjars/leaflet/1.9.4/dist/leaflet.css',
  '/webjars/leaflet/1.9.4/dist/leaflet-src.esm.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// Network first for the shell (a new version is seen at once when online), the cache when offline.
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  const key = url.pathname === '/app' ? '/app' : url.pathname;
  if (!SHELL.includes(key)) return;
  event.respondWith(fetch(event.request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(key, copy));
    }
    return response;
  }).catch(() => caches.match(key).then((hit) => hit || Response.error())));
});
