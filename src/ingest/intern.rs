//! The string interner: one shared allocation per distinct repeated string in a session.

use rustc_hash::FxHashSet;

use crate::model::Text;

/// Interns strings into shared [`Text`] values.
#[derive(Debug, Default)]
pub struct Interner {
    strings: FxHashSet<Text>,
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
