//! Entry point of the ingest Web Worker (wasm32); natively it does nothing (the CLI reads files
//! itself). Built by Trunk as a worker module from index.html, without the `ui` feature.

fn main() {
    #[cfg(target_arch = "wasm32")]
    guardview::worker::start();
}
