//! Findings carried where no dialect rule looks: under any wrapper key (a recorded SDK
//! response `{"status_code":200,"data":{"Findings":[…]}}`) or inside a JSON *string* (an SNS
//! delivery whose `Records[].Sns.Message` holds the EventBridge event). Runs only for a record
//! the dialect walk found nothing in; searches its values breadth by breadth, depth-limited,
//! decoding JSON strings up to a size cap, and keeps a candidate only when the ordinary walk
//! turns it into at least one finding (or another product's finding), so a look-alike — a
//! catalogue of finding types, a scan result, a CloudTrail record of a GuardDuty call — counts
//! nothing.

use serde_json::Value;

use super::{walk, Outcome, Seen};
use crate::ingest::normalise::{Context, EnvelopeInfo};
use crate::ingest::wire;
use crate::model::FileReport;

/// How many objects/arrays deep below the record the search goes.
const MAX_SEARCH_DEPTH: usize = 8;
/// How many JSON strings inside JSON strings are decoded on one path.
const MAX_STRING_DECODES: usize = 2;
/// A string longer than this is never decoded as JSON.
const MAX_DECODED_STRING_BYTES: usize = 16 * 1024 * 1024;

/// What the search found: the outcomes and the other products' findings it skipped.
#[derive(Default)]
pub(super) struct Found {
    pub(super) outcomes: Vec<Outcome>,
    pub(super) other_products: u64,
}

/// Searches one record's bytes for findings nested where the walk does not look.
pub(super) fn search(bytes: &[u8], cx: &mut Context<'_>) -> Found {
    let mut found = Found::default();
    if let Ok(value) = serde_json::from_slice::<Value>(bytes) {
        children(&value, 0, 0, cx, &mut found);
    }
    found
}

fn children(value: &Value, depth: usize, decodes: usize, cx: &mut Context<'_>, found: &mut Found) {
    if depth >= MAX_SEARCH_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            for child in map.values() {
                candidate(child, depth + 1, decodes, cx, found);
            }
        }
        Value::Array(items) => {
            for child in items {
                candidate(child, depth + 1, decodes, cx, found);
            }
        }
        _ => {}
    }
}

fn candidate(value: &Value, depth: usize, decodes: usize, cx: &mut Context<'_>, found: &mut Found) {
    match value {
        Value::String(text) => {
            let opens = matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['));
            if !opens || decodes >= MAX_STRING_DECODES || text.len() > MAX_DECODED_STRING_BYTES {
                return;
            }
            if let Ok(inner) = serde_json::from_str::<Value>(text) {
                attempt(&inner, depth, decodes + 1, cx, found);
            }
        }
        Value::Object(_) | Value::Array(_) => attempt(value, depth, decodes, cx, found),
        _ => {}
    }
}

/// Runs the ordinary walk on one candidate; descends into it when it held nothing at all.
fn attempt(value: &Value, depth: usize, decodes: usize, cx: &mut Context<'_>, found: &mut Found) {
    let Ok(bytes) = serde_json::to_vec(value) else {
        return;
    };
    let Ok(top) = wire::parse_top(&bytes) else {
        return;
    };
    let mut seen = Seen::default();
    let mut report = FileReport::default();
    let mut outcomes = Vec::new();
    walk(
        &top,
        &EnvelopeInfo::default(),
        false,
        cx,
        &mut seen,
        &mut report,
        &mut outcomes,
    );
    let findings = outcomes
        .iter()
        .any(|outcome| matches!(outcome, Outcome::Finding(..)));
    if findings || report.skipped_other_products > 0 {
        found.outcomes.extend(outcomes);
        found.other_products += report.skipped_other_products;
        return;
    }
    if outcomes.is_empty() {
        children(value, depth, decodes, cx, found);
    }
}
