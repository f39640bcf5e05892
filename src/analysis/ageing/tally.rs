//! The ageing view's running tally: counts, ages and past-SLA entries gathered finding by
//! finding, merged in any order (the store's shards each send one), finished into an
//! [`Ageing`].

use serde::{Deserialize, Serialize};

use super::{
    AgeBucket, Ageing, ArchivedState, BandArchiveTime, BandSla, FindingAge, SlaSettings,
    AGE_BUCKETS, DAY_MILLIS,
};
use crate::analysis::period::RecordTimes;
use crate::model::{EpochMillis, SeverityBand};

/// The ageing view gathered finding by finding (by [`ageing`] over a selection, by a store
/// shard over its rows), merged in any order and finished into an [`Ageing`]. Every count
/// adds; the times to archive are gathered whole, so medians are exact; the past-SLA entries
/// carry the key that breaks their last tie (`K`, see [`FindingAge`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgeingTally<K> {
    /// Per band (`SeverityBand::index`): active, past SLA, undated.
    bands: [[u64; 3]; 4],
    /// Per [`AGE_BUCKETS`] bucket, per band.
    histogram: Vec<[u64; 4]>,
    /// Milliseconds from first activity to `updated`, per band, of the archived findings
    /// (whole numbers, so they travel through JSON exactly; days are computed at the end).
    archive_millis: [Vec<i64>; 4],
    past_sla: Vec<PastSlaEntry<K>>,
}

/// A past-SLA finding in an [`AgeingTally`]: its score as bits (any `f64`, NaN included,
/// travels through JSON and orders as `f64::total_cmp` does).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct PastSlaEntry<K> {
    key: K,
    band: u8,
    score_bits: u64,
    age_millis: i64,
    sla_millis: i64,
}

impl<K: Ord> PastSlaEntry<K> {
    /// Most severe band first, then highest score, then oldest, then the key.
    fn order(&self, other: &Self) -> std::cmp::Ordering {
        other
            .band
            .cmp(&self.band)
            .then(f64::from_bits(other.score_bits).total_cmp(&f64::from_bits(self.score_bits)))
            .then(other.age_millis.cmp(&self.age_millis))
            .then(self.key.cmp(&other.key))
    }
}

impl<K: Ord> Default for AgeingTally<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Ord> AgeingTally<K> {
    pub fn new() -> Self {
        Self {
            bands: [[0; 3]; 4],
            histogram: vec![[0; 4]; AGE_BUCKETS.len()],
            archive_millis: Default::default(),
            past_sla: Vec::new(),
        }
    }

    /// Counts one finding (its band, score and archived flag, and its times) under `key`.
    pub fn add(
        &mut self,
        (band, severity_score, archived): (SeverityBand, f64, bool),
        times: &RecordTimes,
        key: K,
        sla: &SlaSettings,
        now: EpochMillis,
    ) {
        let first = times.first_seen_at.or(times.created_at);
        if archived {
            if let (Some(first), Some(updated)) = (first, times.updated_at) {
                let millis = updated.0.saturating_sub(first.0).max(0);
                self.archive_millis[band.index()].push(millis);
            }
            return;
        }
        let counts = &mut self.bands[band.index()];
        counts[0] += 1;
        let Some(age) = first.map(|first| now.0.saturating_sub(first.0).max(0)) else {
            counts[2] += 1;
            return;
        };
        let sla_millis = sla.millis(band);
        if age > sla_millis {
            counts[1] += 1;
            self.past_sla.push(PastSlaEntry {
                key,
                band: band.index() as u8,
                score_bits: severity_score.to_bits(),
                age_millis: age,
                sla_millis,
            });
        }
        let bucket = AGE_BUCKETS
            .iter()
            .position(|(_, to)| to.is_none_or(|to| age <= to))
            .unwrap_or(AGE_BUCKETS.len() - 1);
        self.histogram[bucket][band.index()] += 1;
    }

    pub fn merge(&mut self, other: Self) {
        for (into, from) in self.bands.iter_mut().zip(other.bands) {
            for (sum, n) in into.iter_mut().zip(from) {
                *sum += n;
            }
        }
        for (into, from) in self.histogram.iter_mut().zip(other.histogram) {
            for (sum, n) in into.iter_mut().zip(from) {
                *sum += n;
            }
        }
        for (into, from) in self.archive_millis.iter_mut().zip(other.archive_millis) {
            into.extend(from);
            into.sort_unstable();
        }
        // Sorted, so merging in any order gives the same tally.
        self.past_sla.extend(other.past_sla);
        self.past_sla.sort_by(PastSlaEntry::order);
    }

    /// Keeps only the first `n` past-SLA entries in the list's order (the counts keep every
    /// one): what a shard sends when the view lists `n`.
    pub fn keep_first_past_sla(&mut self, n: usize) {
        self.past_sla.sort_by(PastSlaEntry::order);
        self.past_sla.truncate(n);
    }

    /// The same tally with every past-SLA entry's key replaced by `rename(key)`; `rename`
    /// must keep the keys' order (a shard names its listed findings only once they are cut to
    /// the first few).
    pub fn map_keys<L: Ord>(self, rename: impl FnMut(K) -> L) -> AgeingTally<L> {
        let mut rename = rename;
        AgeingTally {
            bands: self.bands,
            histogram: self.histogram,
            archive_millis: self.archive_millis,
            past_sla: self
                .past_sla
                .into_iter()
                .map(|entry| PastSlaEntry {
                    key: rename(entry.key),
                    band: entry.band,
                    score_bits: entry.score_bits,
                    age_millis: entry.age_millis,
                    sla_millis: entry.sla_millis,
                })
                .collect(),
        }
    }

    /// The finished view at `now` (`archived_known`: see [`ageing`]).
    pub fn finish(
        mut self,
        sla: &SlaSettings,
        now: EpochMillis,
        archived_known: bool,
    ) -> Ageing<K> {
        self.past_sla.sort_by(PastSlaEntry::order);
        let mut bands = [BandSla::default(); 4];
        for band in SeverityBand::ALL {
            let [active, past_sla, undated] = self.bands[band.index()];
            bands[band.index()] = BandSla {
                sla_days: sla.days(band),
                active,
                past_sla,
                undated,
            };
        }
        let mut from_millis = 0;
        let histogram = AGE_BUCKETS
            .iter()
            .zip(&self.histogram)
            .map(|(&(label, to_millis), &by_band)| {
                let bucket = AgeBucket {
                    label,
                    from_millis,
                    to_millis,
                    by_band,
                };
                from_millis = to_millis.unwrap_or(i64::MAX);
                bucket
            })
            .collect();
        let past_sla = self
            .past_sla
            .into_iter()
            .map(|entry| FindingAge {
                index: entry.key,
                band: SeverityBand::ALL
                    .get(usize::from(entry.band))
                    .copied()
                    .unwrap_or(SeverityBand::Low),
                severity_score: f64::from_bits(entry.score_bits),
                age_millis: entry.age_millis,
                sla_millis: entry.sla_millis,
            })
            .collect();
        let mut archive_days = self.archive_millis.map(|millis| {
            millis
                .into_iter()
                .map(|m| m as f64 / DAY_MILLIS as f64)
                .collect::<Vec<f64>>()
        });
        let any_archived = archive_days.iter().any(|d| !d.is_empty());
        let archived = if any_archived {
            ArchivedState::Measured(
                SeverityBand::ALL
                    .iter()
                    .rev()
                    .map(|&band| {
                        let days = &mut archive_days[band.index()];
                        days.sort_by(f64::total_cmp);
                        BandArchiveTime {
                            band,
                            measured: days.len() as u64,
                            median_days: median(days),
                            p90_days: nearest_rank(days, 0.9),
                        }
                    })
                    .collect(),
            )
        } else if archived_known {
            ArchivedState::NoneArchived
        } else {
            ArchivedState::Unknown
        };
        Ageing {
            now,
            sla: sla.clone(),
            bands,
            past_sla,
            histogram,
            archived,
        }
    }
}

/// The median of sorted values.
fn median(sorted: &[f64]) -> Option<f64> {
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[middle]),
        _ => Some((sorted[middle - 1] + sorted[middle]) / 2.0),
    }
}

/// The nearest-rank percentile (`fraction` in 0–1) of sorted values.
fn nearest_rank(sorted: &[f64], fraction: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (fraction * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.clamp(1, sorted.len()) - 1).copied()
}
