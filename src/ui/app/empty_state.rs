//! The first-visit screen: what to drop, where to get it, and that it stays private.

use leptos::ev;
use leptos::prelude::*;

/// First-visit screen: what to drop, where to get it, and that it stays private.
#[component]
pub fn EmptyState(
    on_open: impl Fn(ev::MouseEvent) + 'static,
    on_sample: impl Fn(ev::MouseEvent) + 'static,
) -> impl IntoView {
    view! {
        <section class="empty-state" data-testid="empty-state" aria-labelledby="empty-title">
            <div class="drop-zone" id="drop-zone" data-testid="drop-zone">
                <svg class="drop-zone__icon" viewBox="0 0 48 48" aria-hidden="true">
                    <path d="M24 30V8m0 0-8 8m8-8 8 8" fill="none" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>
                    <path d="M8 30v8a2 2 0 0 0 2 2h28a2 2 0 0 0 2-2v-8" fill="none" stroke-width="3" stroke-linecap="round"/>
                </svg>
                <h2 id="empty-title">"Drop GuardDuty exports anywhere on this page"</h2>
                <p class="drop-zone__hint">
                    "JSON, JSON Lines or gzip — as many files as you like, in any mix of formats, "
                    "or a whole folder (an `aws s3 sync` of the export bucket). Or paste JSON with Ctrl+V. "
                    "Duplicate findings across files are counted once."
                </p>
                <div class="drop-zone__actions">
                    <button class="button button--primary button--large" on:click=on_open>
                        "Choose files…"
                    </button>
                    <button class="button button--large" on:click=on_sample>
                        "Try it with sample data"
                    </button>
                </div>
            </div>
            <div class="sources">
                <h3>"Where to get findings"</h3>
                <dl class="sources__list">
                    <dt>"AWS CLI"</dt>
                    <dd>
                        <code>"aws guardduty list-findings --detector-id ID"</code>
                        " then "
                        <code>"aws guardduty get-findings --detector-id ID --finding-ids …"</code>
                        " (50 ids per call; save each answer as a file)."
                    </dd>
                    <dt>"GuardDuty console"</dt>
                    <dd>"Open a finding, choose " <strong>"View and export JSON"</strong> ", then " <strong>"Download"</strong> "."</dd>
                    <dt>"S3 export"</dt>
                    <dd>
                        "The " <code>".jsonl.gz"</code> " objects GuardDuty writes under "
                        <code>"AWSLogs/ACCOUNT/GuardDuty/REGION/…"</code> " — drop them as they are."
                    </dd>
                    <dt>"Also read"</dt>
                    <dd>"EventBridge events, Security Hub (ASFF) and OCSF findings that came from GuardDuty."</dd>
                </dl>
                <p class="privacy-note">
                    <strong>"Private by design. "</strong>
                    "Files are read by this page only. Nothing is uploaded, stored or sent anywhere."
                </p>
            </div>
        </section>
    }
}
