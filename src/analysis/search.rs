//! The per-load search index: every distinct searchable string once, lowercased, so a
//! free-text filter scans the distinct strings once and then checks each finding by id.
//!
//! [`FindingFilter::apply_searching`](super::filter::FindingFilter::apply_searching) gives
//! exactly the answer of [`FindingFilter::apply`](super::filter::FindingFilter::apply): a
//! finding matches when one of its searchable strings, lowercased on its own, contains the
//! trimmed, lowercased needle. The strings are kept in one buffer, each followed by a NUL; a
//! needle without a NUL can only match inside one string, and a needle with one is checked
//! string by string. An index is only valid for the finding slice it was built from.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::model::Finding;

use super::columns::PerFindingLists;

/// Distinct lowercased searchable strings and, per finding, which of them it has.
#[derive(Clone, Debug)]
pub struct SearchIndex {
    len: usize,
    /// Every distinct string, lowercased, each followed by `\0`.
    text: String,
    /// Byte offset in `text` where string `s` starts; one more entry (the end) than strings.
    starts: Vec<usize>,
    /// Per finding: the ids of its searchable strings.
    strings_of: PerFindingLists<u32>,
}

impl Default for SearchIndex {
    fn default() -> Self {
        Self {
            len: 0,
            text: String::new(),
            starts: vec![0],
            strings_of: PerFindingLists::default(),
        }
    }
}

const SEPARATOR: char = '\0';

impl SearchIndex {
    /// Indexes `findings` (once per load).
    pub fn build(findings: &[Finding]) -> Self {
        let mut builder = SearchIndexBuilder::default();
        for finding in findings {
            builder.add(finding);
        }
        builder.finish()
    }

    /// Whether the index was built from a slice of this length.
    pub fn fits(&self, findings: &[Finding]) -> bool {
        self.len == findings.len()
    }

    /// Distinct strings indexed.
    pub fn string_count(&self) -> usize {
        self.starts.len() - 1
    }

    /// String `s`, lowercased, without its separator.
    fn string(&self, s: usize) -> &str {
        match (self.starts.get(s), self.starts.get(s + 1)) {
            (Some(&from), Some(&to)) => self.text.get(from..to - 1).unwrap_or(""),
            _ => "",
        }
    }

    /// Which distinct strings contain `lowercase_needle` (a non-empty, lowercased needle).
    pub fn matching_strings(&self, lowercase_needle: &str) -> Vec<bool> {
        let count = self.string_count();
        let mut matched = vec![false; count];
        if lowercase_needle.is_empty() {
            matched.iter_mut().for_each(|m| *m = true);
            return matched;
        }
        if lowercase_needle.contains(SEPARATOR) {
            for (s, hit) in matched.iter_mut().enumerate() {
                *hit = self.string(s).contains(lowercase_needle);
            }
            return matched;
        }
        let mut from = 0;
        while let Some(found) = self.text.get(from..).and_then(|t| t.find(lowercase_needle)) {
            let at = from + found;
            // The string holding `at`: the last start at or before it.
            let s = self.starts.partition_point(|&start| start <= at) - 1;
            if let Some(hit) = matched.get_mut(s) {
                *hit = true;
            }
            // Carry on from the next string.
            from = self.starts.get(s + 1).copied().unwrap_or(self.text.len());
        }
        matched
    }

    /// Whether finding `i` has one of the `matched` strings.
    pub fn finding_matches(&self, i: usize, matched: &[bool]) -> bool {
        self.strings_of
            .of(i)
            .iter()
            .any(|&s| matched.get(s as usize).copied().unwrap_or(false))
    }
}

/// Builds a [`SearchIndex`] one finding at a time: [`SearchIndexBuilder::add`] borrows the
/// text of findings that outlive the builder (a load's slice); [`SearchIndexBuilder::add_copied`]
/// copies it, for findings that are dropped as the build goes on (the columnar store rebuilds
/// its rows one by one).
#[derive(Debug, Default)]
pub struct SearchIndexBuilder<'a> {
    index: SearchIndex,
    ids: FxHashMap<Cow<'a, str>, u32>,
}

impl<'a> SearchIndexBuilder<'a> {
    /// Adds the next finding (finding `i` of the index is the `i`-th added).
    pub fn add(&mut self, finding: &'a Finding) {
        self.add_with(finding, Cow::Borrowed);
    }

    /// [`SearchIndexBuilder::add`] for a finding that does not outlive the builder.
    pub fn add_copied(&mut self, finding: &Finding) {
        self.add_with(finding, |text| Cow::Owned(text.to_owned()));
    }

    fn add_with<'f>(&mut self, finding: &'f Finding, key: impl Fn(&'f str) -> Cow<'a, str>) {
        let index = &mut self.index;
        let mut own: Vec<u32> = Vec::new();
        for hay in searchable_texts(finding) {
            let id = match self.ids.get(hay) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(index.starts.len() - 1).unwrap_or(u32::MAX);
                    if hay.is_ascii() {
                        let from = index.text.len();
                        index.text.push_str(hay);
                        index.text[from..].make_ascii_lowercase();
                    } else {
                        index.text.push_str(&hay.to_lowercase());
                    }
                    index.text.push(SEPARATOR);
                    index.starts.push(index.text.len());
                    self.ids.insert(key(hay), id);
                    id
                }
            };
            if !own.contains(&id) {
                own.push(id);
                index.strings_of.push(id);
            }
        }
        index.strings_of.close();
        index.len += 1;
    }

    pub fn finish(self) -> SearchIndex {
        self.index
    }
}

/// The strings the free-text filter searches, in a fixed order.
pub(crate) fn searchable_texts(finding: &Finding) -> impl Iterator<Item = &str> {
    let singles = [
        Some(&*finding.id),
        Some(&*finding.finding_type.full),
        finding.title.as_deref(),
        finding.account_id.as_deref(),
        finding.region.as_deref(),
        finding.resource_type.as_deref(),
    ];
    singles
        .into_iter()
        .flatten()
        .chain(
            finding
                .resources
                .iter()
                .flat_map(|r| std::iter::once(&*r.id).chain(r.display_name.as_deref())),
        )
        .chain(finding.network_actors.iter().flat_map(|a| {
            [
                a.ip_address.as_deref(),
                a.country_name.as_deref(),
                a.asn_org.as_deref(),
            ]
            .into_iter()
            .flatten()
        }))
        .chain(finding.domains.iter().map(|d| &**d))
        .chain(finding.tags.iter().flat_map(|t| [&*t.key, &*t.value]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::filter::FindingFilter;
    use crate::model::{Dialect, FindingType, NetworkActor, Resource, ResourceKind, Tag, Text};

    fn finding(id: &str, title: &str) -> Finding {
        let kind = FindingType::parse("Recon:EC2/Portscan", &mut |s: &str| Text::from(s));
        let mut f = Finding::new(id.into(), kind, 5.0, Dialect::CamelCase);
        f.title = Some(title.into());
        f
    }

    fn findings() -> Vec<Finding> {
        let mut a = finding("a", "Port scan from ΣΊΣΥΦΟΣ");
        a.network_actors.push(NetworkActor {
            ip_address: Some("198.51.100.7".into()),
            country_name: Some("Netherlands".into()),
            ..NetworkActor::default()
        });
        let mut b = finding("b", "Straße\0hidden");
        b.resources.push(Resource {
            kind: ResourceKind::Instance,
            id: "i-0ABC".into(),
            display_name: Some("prod-web".into()),
            attributes: Vec::new(),
        });
        b.tags.push(Tag {
            key: "Env".into(),
            value: "PROD".into(),
        });
        let mut c = finding("c", "İstanbul ﬀ");
        c.domains.push("Evil.Example.".into());
        vec![a, b, c, finding("d", "nothing here")]
    }

    #[test]
    fn indexed_search_equals_the_straightforward_scan() {
        let findings = findings();
        let index = SearchIndex::build(&findings);
        assert!(index.fits(&findings));
        for needle in [
            "",
            " ",
            "a",
            "A",
            "prod",
            "PROD",
            "i-0abc",
            "198.51",
            "netherlands",
            "σ",
            "ς",
            "σίσυφος",
            "ΣΊΣΥΦΟΣ",
            "straße",
            "STRASSE",
            "e\0h",
            "\0",
            "i̇stanbul",
            "istanbul",
            "ﬀ",
            "ff",
            "evil.example.",
            "portscan",
            "recon:ec2",
            "n",
            "x y",
            "t\0x",
            "nothing here",
            "s from",
            "scan from σ",
        ] {
            let filter = FindingFilter {
                text: needle.to_owned(),
                ..FindingFilter::default()
            };
            assert_eq!(
                filter.apply_searching(&findings, &index),
                filter.apply(&findings),
                "{needle:?}"
            );
        }
    }

    #[test]
    fn a_needle_never_spans_two_strings() {
        let findings = vec![finding("abc", "def")];
        let index = SearchIndex::build(&findings);
        let filter = FindingFilter {
            text: "cd".to_owned(),
            ..FindingFilter::default()
        };
        assert!(filter.apply_searching(&findings, &index).is_empty());
        assert!(filter.apply(&findings).is_empty());
    }

    #[test]
    fn a_stale_index_falls_back_to_the_scan() {
        let findings = findings();
        let index = SearchIndex::build(&findings[..1]);
        let filter = FindingFilter {
            text: "prod".to_owned(),
            ..FindingFilter::default()
        };
        assert_eq!(filter.apply_searching(&findings, &index), vec![1]);
    }
}
