//! Shared helpers of the corpus tests: read a fixture, and load it whole and again in 7-byte
//! chunks, asserting both give the same reports and findings.

use std::path::Path;

use guardview::ingest::LoadSession;

/// The bytes of `tests/fixtures/<folder>/<relative>`.
pub fn read(folder: &str, relative: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(folder)
        .join(relative);
    match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => panic!("cannot read fixture {}: {error}", path.display()),
    }
}

/// Loads one fixture whole and again in 7-byte chunks, asserting both agree.
pub fn load_whole_and_chunked(folder: &str, relative: &str) -> LoadSession {
    let bytes = read(folder, relative);
    let mut whole = LoadSession::new();
    whole.load_bytes(relative, &bytes);
    let mut chunked = LoadSession::new();
    let mut file = chunked.start_file(relative);
    for chunk in bytes.chunks(7) {
        chunked.push(&mut file, chunk);
    }
    chunked.finish_file(file);
    assert_eq!(
        whole.reports(),
        chunked.reports(),
        "chunking changed the report of {relative}"
    );
    assert_eq!(
        whole.findings().findings(),
        chunked.findings().findings(),
        "chunking changed the findings of {relative}"
    );
    whole
}
