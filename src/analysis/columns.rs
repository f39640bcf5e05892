//! Column helpers for the per-load indices: interned strings named by `u32` ids, and
//! per-finding lists stored in one flat vector. Plain containers; they know nothing of findings.

use rustc_hash::FxHashMap;

/// Interned strings of a per-load index: each distinct text once, named by a `u32` id.
#[derive(Clone, Debug, Default)]
pub struct InternedStrings {
    texts: Vec<Box<str>>,
    ids: FxHashMap<Box<str>, u32>,
}

impl InternedStrings {
    pub fn id(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let id = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        self.texts.push(text.into());
        self.ids.insert(text.into(), id);
        id
    }

    pub fn get(&self, id: u32) -> &str {
        self.texts.get(id as usize).map_or("", |t| t)
    }

    /// Distinct texts held (ids run from 0 to this, exclusive).
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// Drops the lookup table once building is done (ids stay valid).
    pub fn seal(&mut self) {
        self.ids = FxHashMap::default();
    }
}

/// Per-finding lists in one flat vector: finding `i` owns `items[offsets[i]..offsets[i + 1]]`.
#[derive(Clone, Debug)]
pub struct PerFindingLists<T> {
    offsets: Vec<u32>,
    items: Vec<T>,
}

impl<T> Default for PerFindingLists<T> {
    fn default() -> Self {
        Self {
            offsets: vec![0],
            items: Vec::new(),
        }
    }
}

impl<T> PerFindingLists<T> {
    /// Ends the list of the finding being built.
    pub fn close(&mut self) {
        self.offsets
            .push(u32::try_from(self.items.len()).unwrap_or(u32::MAX));
    }

    pub fn push(&mut self, item: T) {
        self.items.push(item);
    }

    pub fn of(&self, finding: usize) -> &[T] {
        match (self.offsets.get(finding), self.offsets.get(finding + 1)) {
            (Some(&from), Some(&to)) => self.items.get(from as usize..to as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}
