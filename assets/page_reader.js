// Runs the ingest worker's module on the page, for when no Web Worker can start (a blocked or
// failing worker script). The page's own module links no JSON parser (issue #13), so its
// fallback borrows the worker's: `ingest_worker.js` is wasm-bindgen's classic-script glue,
// whose top-level `let wasm_bindgen` is a global binding this module reaches by name. The
// module's entry point sees no worker scope on the page and installs nothing (src/worker.rs).
// Imported by the page's module (src/ui/page_reader.rs); the Content-Security-Policy allows it
// as one of the app's own files.

let module;

/** Adds the glue's script once (declaring its global twice would be a syntax error). */
function loadGlue() {
  // eslint-disable-next-line no-undef
  if (typeof wasm_bindgen !== "undefined") {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = new URL("ingest_worker.js", document.baseURI).href;
    script.onload = resolve;
    script.onerror = () => {
      script.remove();
      reject(new Error("the reader's script ingest_worker.js did not load"));
    };
    document.head.append(script);
  });
}

function loadModule() {
  module ??= loadGlue()
    .then(() =>
      // eslint-disable-next-line no-undef
      wasm_bindgen({ module_or_path: new URL("ingest_worker_bg.wasm", document.baseURI) }),
    )
    // eslint-disable-next-line no-undef
    .then(() => wasm_bindgen)
    .catch((error) => {
      module = undefined; // a later load tries again
      throw error;
    });
  return module;
}

/** A new `PageReader` (src/worker.rs) from the ingest worker's module, loading it once. */
export async function loadPageReader() {
  const reader = await loadModule();
  return new reader.PageReader();
}
