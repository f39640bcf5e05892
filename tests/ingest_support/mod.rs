//! Shared helpers of the ingest tests: the fixture files, read a fixture, and load it whole
//! and again in 7-byte chunks, asserting both give the same reports and findings.
// Each test crate that includes this module uses only some of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use guardview::ingest::LoadSession;

/// `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every file under `dir` but the Markdown notes, sorted by path.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_none_or(|e| e != "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Up to `count` sorted, distinct cut points (pieces' starts) drawn by `pick`, inside a file of
/// `len` bytes.
pub fn cut_points(len: usize, count: usize, mut pick: impl FnMut() -> usize) -> Vec<u64> {
    let mut cuts: Vec<u64> = (0..count)
        .map(|_| pick())
        .filter(|&cut| cut > 0 && cut < len)
        .map(|cut| cut as u64)
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

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
