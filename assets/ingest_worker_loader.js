// Starts the ingest Web Worker: loads wasm-bindgen's glue, then the worker's own wasm module,
// whose entry point installs the message handler (src/worker.rs). A file of its own because the
// worker is a classic script and the Content-Security-Policy forbids inline code.
importScripts("./ingest_worker.js");
wasm_bindgen({ module_or_path: "./ingest_worker_bg.wasm" }).catch((error) => {
  // The page hears about it through the worker's error event and reads files itself.
  setTimeout(() => {
    throw error;
  });
});
