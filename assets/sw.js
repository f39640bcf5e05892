// guardview's service worker: caches the app's own files so it opens with the network off
// (air-gapped rooms, conference-room laptops). It never sees findings: files are read by the
// page from disk, not fetched, and only same-origin GET requests for the app's files pass here.
const CACHE = "guardview-app-v3";
const APP_FILES = [
  "./",
  "./index.html",
  "./boot.js",
  "./guardview.js",
  "./guardview_bg.wasm",
  "./ingest_worker_loader.js",
  "./ingest_worker.js",
  "./ingest_worker_bg.wasm",
  "./tokens.css",
  "./base.css",
  "./app.css",
  "./presentation.css",
  "./favicon.svg",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(APP_FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

// Network first, so a new build is picked up at once when online; the cache answers offline.
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() =>
        caches
          .match(request, { ignoreSearch: true })
          .then((cached) => cached ?? caches.match("./index.html")),
      ),
  );
});
