//! Walks what was dropped on the page: a dropped folder arrives as a `FileSystemDirectoryEntry`
//! (`DataTransferItem.webkitGetAsEntry()`), read recursively with its reader — `readEntries`
//! answers in batches (about 100 in Chromium), so it is called until it answers none. Files
//! inside folders follow the loader's naming rule (`PickedFiles::add_from_folder`); files
//! dropped on their own are always read.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DataTransfer, FileSystemDirectoryEntry, FileSystemDirectoryReader, FileSystemEntry,
    FileSystemFileEntry,
};

use super::file_reader::{LoadSource, PickedFiles};

/// What was dropped, taken while the drop event lasts (its items are unreadable afterwards):
/// the entries when the browser gives them, else the plain files.
pub enum Dropped {
    Entries(Vec<FileSystemEntry>),
    Files(Vec<web_sys::File>),
}

/// Takes the dropped entries (call inside the `drop` handler).
pub fn take_dropped(transfer: &DataTransfer) -> Dropped {
    let items = transfer.items();
    // Entries are used through their methods, not checked with `instanceof`, so the e2e test
    // can stand in for a dropped folder with plain objects (browsers cannot synthesise one).
    let entries: Vec<FileSystemEntry> = (0..items.length())
        .filter_map(|i| items.get(i))
        .filter(|item| item.kind() == "file")
        .filter_map(|item| item.webkit_get_as_entry().ok().flatten())
        .collect();
    if !entries.is_empty() {
        return Dropped::Entries(entries);
    }
    let files = transfer.files();
    Dropped::Files(
        files
            .map(|list| (0..list.length()).filter_map(|i| list.item(i)).collect())
            .unwrap_or_default(),
    )
}

/// Reads the dropped entries into files to load, walking folders recursively.
pub async fn walk_dropped(dropped: Dropped) -> PickedFiles {
    let mut picked = PickedFiles::default();
    match dropped {
        Dropped::Files(files) => picked.sources = files.into_iter().map(LoadSource::file).collect(),
        Dropped::Entries(entries) => {
            for entry in entries {
                if entry.is_directory() {
                    walk_folder(entry.unchecked_into(), &mut picked).await;
                } else if let Some((file, _)) = read_file(&entry, &mut picked).await {
                    picked.sources.push(LoadSource::file(file));
                }
            }
        }
    }
    picked
}

/// Walks one folder depth first, without recursion in the future itself (a stack of folders).
async fn walk_folder(root: FileSystemDirectoryEntry, picked: &mut PickedFiles) {
    let mut folders = vec![root];
    while let Some(folder) = folders.pop() {
        let reader = folder.create_reader();
        let mut entries = Vec::new();
        loop {
            match read_batch(&reader).await {
                Ok(batch) if batch.length() == 0 => break,
                Ok(batch) => entries.extend(batch.iter().map(JsCast::unchecked_into)),
                Err(reason) => {
                    let path = entry_path(folder.unchecked_ref());
                    picked
                        .unreadable
                        .push((path, format!("The folder could not be read ({reason})")));
                    break;
                }
            }
        }
        // Name order, as the command line walks, so a load is repeatable.
        entries.sort_by_key(|entry: &FileSystemEntry| entry.name());
        let mut subfolders = Vec::new();
        for entry in entries {
            if entry.is_directory() {
                subfolders.push(entry.unchecked_into());
            } else if let Some((file, path)) = read_file(&entry, picked).await {
                picked.add_from_folder(file, path);
            }
        }
        folders.extend(subfolders.into_iter().rev());
    }
}

/// The entry's path without the leading `/` of `fullPath`.
fn entry_path(entry: &FileSystemEntry) -> String {
    let full = entry.full_path();
    let path = full.trim_start_matches('/');
    if path.is_empty() {
        entry.name()
    } else {
        path.to_owned()
    }
}

/// The file behind a file entry with its path; an entry that cannot be read is noted.
async fn read_file(
    entry: &FileSystemEntry,
    picked: &mut PickedFiles,
) -> Option<(web_sys::File, String)> {
    let path = entry_path(entry);
    let file_entry: &FileSystemFileEntry = entry.unchecked_ref();
    let promise = Promise::new(&mut |resolve, reject| {
        file_entry.file_with_callback_and_callback(&resolve, &reject);
    });
    match JsFuture::from(promise).await {
        Ok(file) => Some((file.unchecked_into(), path)),
        Err(error) => {
            picked.unreadable.push((
                path,
                format!("The file could not be read ({})", describe(&error)),
            ));
            None
        }
    }
}

/// One batch of a folder's entries; an empty batch means the folder is done.
async fn read_batch(reader: &FileSystemDirectoryReader) -> Result<Array, String> {
    let promise = Promise::new(&mut |resolve, reject| {
        if let Err(error) = reader.read_entries_with_callback_and_callback(&resolve, &reject) {
            crate::ui::console::warn_on_error(
                "rejecting a folder read that could not start",
                reject.call1(&JsValue::NULL, &error),
            );
        }
    });
    JsFuture::from(promise)
        .await
        .map(|batch| Array::from(&batch))
        .map_err(|error| describe(&error))
}

/// A browser error's message.
fn describe(error: &JsValue) -> String {
    js_sys::Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}
