//! The selected findings as the analyses read them: indices into one findings slice,
//! ascending, each once, all in range. Callers may pass any `&[u32]` (a filter's output, a
//! chart click, a hand-written list); [`Selection::of`] is the one place that normalises it.

use crate::model::Finding;

/// Indices into a findings slice: sorted ascending, distinct, each `< len` of that slice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection(Vec<u32>);

impl Selection {
    /// `selected` without indices `>= len`, sorted, each once. Already sorted distinct input
    /// (what a filter returns) is only checked and copied.
    pub fn of(selected: &[u32], len: usize) -> Self {
        let mut indices: Vec<u32> = selected
            .iter()
            .copied()
            .filter(|&i| (i as usize) < len)
            .collect();
        if !indices.windows(2).all(|w| w[0] < w[1]) {
            indices.sort_unstable();
            indices.dedup();
        }
        Self(indices)
    }

    /// [`Selection::of`] for `findings`.
    pub fn within(findings: &[Finding], selected: &[u32]) -> Self {
        Self::of(selected, findings.len())
    }

    pub fn indices(&self) -> &[u32] {
        &self.0
    }

    pub fn into_indices(self) -> Vec<u32> {
        self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The selected findings of `findings` (the slice the selection was made for), in order.
    pub fn findings<'a>(&'a self, findings: &'a [Finding]) -> impl Iterator<Item = &'a Finding> {
        self.0.iter().filter_map(|&i| findings.get(i as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_and_repeated_indices_are_dropped_and_the_rest_sorted() {
        let selection = Selection::of(&[7, 2, 9, 2, u32::MAX, 0, 7], 8);
        assert_eq!(selection.indices(), [0, 2, 7]);
        assert_eq!(selection.len(), 3);
    }

    #[test]
    fn sorted_distinct_input_is_kept_as_it_is() {
        assert_eq!(Selection::of(&[1, 3, 4], 5).into_indices(), vec![1, 3, 4]);
        assert!(Selection::of(&[], 5).is_empty());
        assert!(
            Selection::of(&[0, 1], 0).is_empty(),
            "nothing is in range of nothing"
        );
    }
}
