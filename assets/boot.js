// Loads the guardview WebAssembly module, and registers the service worker that keeps the app's
// own files for offline use. An external file (not an inline script) so the
// Content-Security-Policy can forbid inline scripts entirely.
import init from "./guardview.js";

init({ module_or_path: new URL("./guardview_bg.wasm", import.meta.url) }).catch((error) => {
  const message = document.createElement("p");
  message.className = "boot-error";
  message.textContent = `guardview could not start: ${error}`;
  document.body.append(message);
});

// Service workers need a secure context (https or localhost); elsewhere the app still works,
// just not offline.
if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register("./sw.js").catch(() => {
    // Offline support is a convenience: failing to register must not disturb the app.
  });
}
