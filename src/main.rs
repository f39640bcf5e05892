//! Entry point: the command-line program natively, the browser app in wasm32.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    guardview::cli::run(std::env::args_os().skip(1))
}

#[cfg(target_arch = "wasm32")]
fn main() {
    #[cfg(feature = "ui")]
    guardview::ui::start();
}
