//! The views a shard answers finding by finding rather than by counting interned ids: the
//! detail panel, the ageing list, the load's facts, the briefing's measures and the
//! suppression what-ifs (which judge each row rebuilt as a `Finding`).

use std::collections::BTreeSet;

use rustc_hash::FxHashSet;

use super::facts::LoadFacts;
use super::measures::MeasuresPartial;
use super::origin::{LoadPlace, Origin};
use super::query::{AgeingView, RiskContext};
use super::shard::{cell_levels, flag, RiskCell, Shard};
use super::what_if::{SuppressionPartial, SuppressionView};
use crate::analysis::ageing::AgeingTally;
use crate::analysis::attack::Tactic;
use crate::analysis::detail::FindingDetail;
use crate::analysis::risk::{risk_level, Level, RiskRules};
use crate::analysis::suppression::{is_attack_sequence_member, Evaluator, Verdict};
use crate::model::{EpochMillis, SeverityBand};

impl Shard {
    /// The detail panel of finding `id` when this shard holds it, under `risk` (else the
    /// default rules at the epoch). It is not filtered: the panel shows any finding opened.
    pub(super) fn detail(&self, id: &str, risk: Option<&RiskContext>) -> Option<FindingDetail> {
        let finding = self.finding(self.row_of_id(id)?)?;
        let (rules, now) = risk.map_or_else(
            || (RiskRules::default(), EpochMillis(0)),
            |context| (context.rules(), EpochMillis(context.now_ms)),
        );
        Some(FindingDetail::of(&finding, &rules, now))
    }

    /// The ageing view of the selected rows, with only the first past-SLA entries the view
    /// lists (the merge keeps the first of all shards' firsts, which are the overall first).
    pub(super) fn ageing(&self, selected: &[u32], view: &AgeingView) -> AgeingTally<LoadPlace> {
        let now = EpochMillis(view.now_ms);
        let mut tally = AgeingTally::new();
        for &row in selected {
            let archived = self.flags[row as usize] & flag::ARCHIVED != 0;
            // Ordered as a `LoadPlace` is (the id breaks no tie: `first_seen` differs), and
            // named in full only once cut to the listed few.
            let key = (self.first_seen[row as usize], row);
            let row = row as usize;
            tally.add(
                (self.severity(row), self.severity_score[row], archived),
                &self.record_times(row),
                key,
                &view.sla,
                now,
            );
        }
        tally.keep_first_past_sla(view.past_sla_listed as usize);
        tally.map_keys(|(first_seen, row)| LoadPlace {
            first_seen,
            id: self.ids[row as usize].to_string(),
            title: self.title_of(row as usize).map(str::to_owned),
        })
    }

    /// The facts of every row this shard holds.
    pub(super) fn load_facts(&self) -> LoadFacts {
        let mut facts = LoadFacts {
            finding_count: self.len() as u64,
            ..LoadFacts::default()
        };
        let mut kinds = FxHashSet::default();
        let mut signal_keys = BTreeSet::new();
        for row in 0..self.len() {
            let times = self.record_times(row);
            let activity = times.last_seen_at.or(times.updated_at).map(|t| t.0);
            facts.latest_activity_ms = facts.latest_activity_ms.max(activity);
            facts.any_archived |= self.flags[row] & flag::ARCHIVED != 0;
            facts.source_files.push(self.source_file[row]);
            kinds.insert(self.kind[row]);
            for uid in self.signal_uids_of(row) {
                let uid = uid.trim();
                signal_keys.insert(uid.to_owned());
                signal_keys.insert(uid.rsplit('/').next().unwrap_or(uid).to_owned());
            }
        }
        facts.source_files.sort_unstable();
        facts.source_files.dedup();
        let mut types: Vec<String> = kinds
            .into_iter()
            .filter_map(|slot| self.types.get(slot as usize))
            .map(|entry| entry.kind.full.to_string())
            .collect();
        types.sort_unstable();
        types.dedup();
        facts.finding_types = types;
        facts.signal_keys = signal_keys.into_iter().collect();
        facts
    }

    /// Each what-if of `view` judged on every row (`None` for criteria that cannot be read).
    pub(super) fn what_ifs(&self, view: &SuppressionView) -> Vec<Option<SuppressionPartial>> {
        let signal_keys: BTreeSet<String> = view.signal_keys.iter().cloned().collect();
        let criteria = view.read_criteria();
        // Per what-if: its evaluator, its part, and its matched rows by load place.
        type Judged = (Evaluator, SuppressionPartial, Vec<(Origin, usize)>);
        let mut judged: Vec<Option<Judged>> = criteria
            .iter()
            .map(|c| {
                let evaluator = Evaluator::new(c.as_ref()?);
                Some((evaluator, SuppressionPartial::default(), Vec::new()))
            })
            .collect();
        if judged.iter().any(Option::is_some) {
            for row in 0..self.len() {
                let Some(finding) = self.finding(row) else {
                    continue;
                };
                let member = is_attack_sequence_member(&finding, &signal_keys);
                for (evaluator, partial, matched) in judged.iter_mut().flatten() {
                    let verdict = evaluator.judge(&finding);
                    if verdict == Verdict::Fails {
                        continue;
                    }
                    partial.tally.count(verdict, &finding, member);
                    if verdict == Verdict::Matches {
                        matched.push((self.first_seen[row], row));
                    }
                    if view.every_id {
                        let ids = match verdict {
                            Verdict::Matches => &mut partial.matched_ids,
                            _ => &mut partial.undecided_ids,
                        };
                        ids.push(finding.id.to_string());
                    }
                }
            }
        }
        judged
            .into_iter()
            .map(|judged| {
                let (evaluator, mut partial, mut matched) = judged?;
                partial.tally.unknown_counts = evaluator.unknown_counts();
                // Named in full only once cut to the listed few.
                matched.sort_unstable();
                matched.truncate(view.listed as usize);
                partial.listed = matched
                    .into_iter()
                    .map(|(first_seen, row)| LoadPlace {
                        first_seen,
                        id: self.ids[row].to_string(),
                        title: self.title_of(row).map(str::to_owned),
                    })
                    .collect();
                partial.matched_ids.sort_unstable();
                partial.undecided_ids.sort_unstable();
                Some(partial)
            })
            .collect()
    }

    /// The briefing's and the key risk indicators' measures of the selected rows (`cells`:
    /// every row's risk cell under the request's context; without them none is at High risk).
    pub(super) fn measures(&self, selected: &[u32], cells: Option<&[RiskCell]>) -> MeasuresPartial {
        let mut partial = MeasuresPartial::default();
        let mut accounts = FxHashSet::default();
        let mut accounts_high_plus = FxHashSet::default();
        let credential_access = 1u16 << (Tactic::CredentialAccess as usize);
        for &row in selected {
            let row = row as usize;
            if self.flags[row] & flag::ARCHIVED != 0 {
                continue;
            }
            partial.active += 1;
            let band = self.severity(row);
            let high = band >= SeverityBand::High;
            partial.critical_high_active += u64::from(high);
            if let Some(&cell) = cells.and_then(|cells| cells.get(row)) {
                let level = |index: usize| Level::ALL[index.min(Level::ALL.len() - 1)];
                let (likelihood, impact) = cell_levels(cell);
                let risk = risk_level(level(likelihood), level(impact));
                partial.high_risk_active += u64::from(risk >= Level::High);
            }
            let entry = self.types.get(self.kind[row] as usize);
            let credential =
                self.tactics[row] & credential_access != 0 || entry.is_some_and(|t| t.credential);
            partial.credential_active += u64::from(credential);
            partial.attack_sequences += u64::from(entry.is_some_and(|t| t.attack_sequence));
            if self
                .text(self.account[row])
                .is_some_and(|a| !a.trim().is_empty())
            {
                accounts.insert(self.account[row]);
                if high {
                    accounts_high_plus.insert(self.account[row]);
                }
            }
            if high {
                let times = self.record_times(row);
                if let Some(first) = times.first_seen_at.or(times.created_at) {
                    partial.high_first_activity_ms.push(first.0);
                }
            }
            let (network_actors, domains, _) = self.actors_of(row);
            partial.add_actors(network_actors, domains);
        }
        let trimmed = |ids: FxHashSet<u32>| {
            ids.into_iter()
                .filter_map(|id| self.text(id).map(|a| a.trim().to_owned()))
                .collect()
        };
        partial.accounts = trimmed(accounts);
        partial.accounts_high_plus = trimmed(accounts_high_plus);
        partial
    }
}
