// Loads the guardview WebAssembly module. An external file (not an inline script) so the
// Content-Security-Policy can forbid inline scripts entirely.
import init from "./guardview.js";

init({ module_or_path: new URL("./guardview_bg.wasm", import.meta.url) }).catch((error) => {
  const message = document.createElement("p");
  message.className = "boot-error";
  message.textContent = `guardview could not start: ${error}`;
  document.body.append(message);
});
