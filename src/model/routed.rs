//! Findings one worker's parser read that another worker owns, on their way to it: where they
//! were read and each one's place there (the store's de-duplication tie-break).

use super::Finding;

/// Findings read from piece `piece` of file `file` (in load order), the `i`th being the
/// `records[i]`th its parser read there; `held` while the piece may yet turn out unused.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoutedFindings {
    pub file: u32,
    pub piece: u32,
    pub held: bool,
    pub records: Vec<u32>,
    pub findings: Vec<Finding>,
}
