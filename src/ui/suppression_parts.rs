//! Pieces shared by the suppression what-if card and its import of existing filters: the
//! criteria as readable lines and the preview's warnings.

use leptos::prelude::*;

use crate::analysis::suppression::describe::{describe, CriterionLine};
use crate::analysis::suppression::{FindingCriteria, PreviewWarning};

/// Warnings, each with an icon and the word "Warning" (never colour alone).
pub fn warning_list(warnings: &[PreviewWarning]) -> impl IntoView {
    (!warnings.is_empty()).then(|| {
        view! {
            <ul class="suppression__warnings" data-testid="suppression-warnings">
                {warnings
                    .iter()
                    .map(|warning| view! {
                        <li class="suppression__warning" data-testid="suppression-warning" data-warning=warning.slug()>
                            <span class="suppression__warning-icon" aria-hidden="true">"⚠"</span>
                            <span><strong>"Warning: "</strong>{warning.message()}</span>
                        </li>
                    })
                    .collect_view()}
            </ul>
        }
    })
}

/// The criteria as a list of field, operator in words, and values.
pub fn criteria_list(criteria: &FindingCriteria, testid: &'static str) -> impl IntoView {
    let lines = describe(criteria);
    if lines.is_empty() {
        return view! { <p class="chart-card__empty" data-testid=testid>"No criteria."</p> }
            .into_any();
    }
    view! {
        <ul class="suppression__criteria" data-testid=testid>
            {lines.into_iter().map(criterion_line).collect_view()}
        </ul>
    }
    .into_any()
}

fn criterion_line(line: CriterionLine) -> impl IntoView {
    let (field, field_text) = (line.field.clone(), line.field);
    let (operator, operator_title) = (line.operator.clone(), line.operator);
    view! {
        <li data-field=field data-operator=operator>
            <code>{field_text}</code>
            " "
            <span class="suppression__operator" title=operator_title>{line.words}</span>
            " "
            <span class="suppression__values">
                {line.values.into_iter().map(|v| view! { <code class="suppression__value">{v}</code> }).collect_view()}
            </span>
            {(!line.known).then(|| view! { <span class="tag">"not evaluated"</span> })}
        </li>
    }
}
