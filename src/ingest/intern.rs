//! The string interner: one shared allocation per distinct repeated string in a session.

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::{FindingType, Text};

/// Interns strings into shared [`Text`] values, and finding types into shared
/// [`FindingType`]s.
#[derive(Debug, Default)]
pub struct Interner {
    strings: FxHashSet<Text>,
    /// Parsed types by their text as exported.
    finding_types: FxHashMap<Box<str>, Arc<FindingType>>,
}

impl Interner {
    pub fn new() -> Self {
        Self::default()
    }

    /// The shared text equal to `value`, allocated on first use.
    pub fn intern(&mut self, value: &str) -> Text {
        if let Some(existing) = self.strings.get(value) {
            return existing.clone();
        }
        let text: Text = Text::from(value);
        self.strings.insert(text.clone());
        text
    }

    /// The shared parsed type for `full` (as exported), parsed on first use.
    pub fn finding_type(&mut self, full: &str) -> Arc<FindingType> {
        if let Some(existing) = self.finding_types.get(full) {
            return Arc::clone(existing);
        }
        let parsed = Arc::new(FindingType::parse(full, &mut |s: &str| self.intern(s)));
        self.finding_types
            .insert(Box::from(full), Arc::clone(&parsed));
        parsed
    }

    /// Forgets every string and type, keeping the tables' capacity.
    pub fn clear(&mut self) {
        self.strings.clear();
        self.finding_types.clear();
    }

    /// Distinct strings held.
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn equal_strings_share_one_allocation() {
        let mut interner = Interner::new();
        let a = interner.intern("us-east-1");
        let b = interner.intern("us-east-1");
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(interner.len(), 1);
    }
}
