//! The paths a command is given, expanded: a directory is walked recursively (entries in name
//! order, so runs are repeatable) and keeps the files read by content — `.json`, `.jsonl`,
//! `.ndjson` and `.csv` (rollups), each optionally `.gz` — while anything else (checksums,
//! `.DS_Store`, manifests, Spark's `_SUCCESS` and `.crc`) is skipped and counted. A file named
//! on the command line is always read, whatever its name. The naming rule is
//! `load_origin::is_loadable_name`, shared with the page's folder loading. A path that cannot
//! be read is kept as an error for the report.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::load_origin::is_loadable_name;

/// What the paths expanded to.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Files to read, in argument order, each directory's files in name order.
    pub files: Vec<PathBuf>,
    /// Files found in directories and not read (not a loadable name, or hidden).
    pub skipped: Vec<PathBuf>,
    /// Paths that could not be read (a directory that cannot be listed, a broken link), with
    /// the reason.
    pub unreadable: Vec<(PathBuf, String)>,
}

/// Expands command-line paths.
pub fn collect_inputs(paths: &[OsString]) -> Inputs {
    let mut inputs = Inputs::default();
    let mut visited = HashSet::new();
    for path in paths {
        let path = PathBuf::from(path);
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, &mut inputs, &mut visited),
            // A file, or a path that does not exist: the loader reports why it cannot be read.
            _ => inputs.files.push(path),
        }
    }
    inputs
}

/// Walks one folder; `visited` holds the folders already walked (by canonical path), so a link
/// back to a parent folder is not followed round for ever.
fn walk(directory: &Path, inputs: &mut Inputs, visited: &mut HashSet<PathBuf>) {
    if let Ok(canonical) = std::fs::canonicalize(directory) {
        if !visited.insert(canonical) {
            return;
        }
    }
    let entries = match std::fs::read_dir(directory) {
        Ok(entries) => entries,
        Err(error) => {
            inputs.unreadable.push((
                directory.to_path_buf(),
                format!("The folder could not be read ({error})"),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => paths.push(entry.path()),
            Err(error) => inputs.unreadable.push((
                directory.to_path_buf(),
                format!("An entry of the folder could not be read ({error})"),
            )),
        }
    }
    paths.sort();
    for path in paths {
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, inputs, visited),
            Ok(_) => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if is_loadable_name(&name) {
                    inputs.files.push(path);
                } else {
                    inputs.skipped.push(path);
                }
            }
            Err(error) => inputs
                .unreadable
                .push((path, format!("The path could not be read ({error})"))),
        }
    }
}
