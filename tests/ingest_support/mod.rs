//! Shared helpers of the ingest and store tests: the fixture files, read a fixture, load it
//! whole and again in 7-byte chunks (asserting both give the same reports and findings), a
//! seeded random generator, and findings as comparable text.
// Each test crate that includes this module uses only some of it.
#![allow(dead_code)]

pub mod filters;

use std::path::{Path, PathBuf};

use guardview::ingest::LoadSession;
use guardview::model::Finding;
use guardview::sample::{write_sample, SampleFormat, SampleOptions};

/// A generated export (the data of `guardview sample`) of `findings` findings, ending at a fixed
/// instant so every run generates the same bytes.
pub fn generated(findings: usize, seed: u64, format: SampleFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    let options = SampleOptions::new(findings, seed, format, 1_795_737_600_000);
    write_sample(&options, &mut bytes).expect("writing to memory works");
    bytes
}

/// SplitMix64: a small seeded generator, so every run cuts and shuffles the same way.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// Findings as comparable text, sorted by id (a NaN score is not equal to itself as a
/// number).
pub fn by_id(findings: impl IntoIterator<Item = Finding>) -> Vec<String> {
    let mut texts: Vec<(String, String)> = findings
        .into_iter()
        .map(|f| (f.id.to_string(), format!("{f:?}")))
        .collect();
    texts.sort();
    texts.into_iter().map(|(_, text)| text).collect()
}

/// `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every folder of `tests/fixtures` (one per source or kind of quirk), sorted.
pub fn fixture_folders() -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    folders.sort();
    folders
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

/// The findings of `files` (`(name, bytes)`) loaded together in one session, one per id.
pub fn loaded(files: &[(String, Vec<u8>)]) -> Vec<Finding> {
    let mut session = LoadSession::new();
    for (name, bytes) in files {
        session.load_bytes(name, bytes);
    }
    session.findings().findings().to_vec()
}

/// Every fixture folder's findings (its files loaded together), with the folder's path.
pub fn fixture_folders_loaded() -> Vec<(String, Vec<Finding>)> {
    fixture_folders()
        .iter()
        .map(|folder| {
            let files: Vec<(String, Vec<u8>)> = files_under(folder)
                .iter()
                .map(|path| {
                    let bytes = std::fs::read(path).unwrap_or_default();
                    (path.to_string_lossy().into_owned(), bytes)
                })
                .collect();
            (folder.display().to_string(), loaded(&files))
        })
        .collect()
}
