//! Where: the AWS accounts and regions.

use std::collections::BTreeMap;

use crate::analysis::briefing::words::Words;
use crate::analysis::briefing::Sentence;
use crate::analysis::summary::UNKNOWN;
use crate::analysis::vocabulary::tidy_name;

use super::*;

pub(crate) fn place(scope: &Scope<'_>) -> Vec<Sentence> {
    let known = |map: &BTreeMap<String, u64>| {
        ranked(
            map.iter()
                .filter(|(k, _)| *k != UNKNOWN)
                .map(|(k, n)| (k.clone(), *n)),
        )
    };
    let accounts = known(&scope.summary.by_account);
    let regions = known(&scope.summary.by_region);
    let mut sentences = Vec::new();
    if !accounts.is_empty() {
        let n = accounts.len() as u64;
        let mut w = Words::new();
        w.say("The findings are in ")
            .count("AWS accounts", n, "AWS account", "AWS accounts")
            .say(if n == 1 { ", " } else { ", most in " });
        let top: Vec<_> = accounts.iter().take(TOP).collect();
        w.list(&top, |w, (account, count)| {
            let account = tidy_name(account);
            w.named_count(&account, format!("Findings in account {account}"), *count);
        });
        w.say(".");
        sentences.push(w.finish());
    }
    if !regions.is_empty() {
        let n = regions.len() as u64;
        let mut w = Words::new();
        w.say("They span ")
            .count("Regions", n, "region", "regions")
            .say(if n == 1 { ", " } else { ", most in " });
        let top: Vec<_> = regions.iter().take(TOP).collect();
        w.list(&top, |w, (region, count)| {
            let region = tidy_name(region);
            w.named_count(&region, format!("Findings in region {region}"), *count);
        });
        w.say(".");
        sentences.push(w.finish());
    }
    if sentences.is_empty() {
        let mut w = Words::new();
        w.say("The findings do not name an AWS account or region.");
        sentences.push(w.finish());
    }
    sentences
}
