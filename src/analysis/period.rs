//! Time bases (which of a finding's timestamps places it in time) and half-open periods: the
//! time vocabulary the filter, timeline, actors, export and briefing share.

use crate::model::{EpochMillis, Finding};

/// Which timestamp places a finding in time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TimeBasis {
    /// When the activity was last seen (`service.eventLastSeen`); GuardDuty's default sort.
    #[default]
    LastSeen,
    /// When the activity was first seen (`service.eventFirstSeen`).
    FirstSeen,
    /// When GuardDuty created the finding.
    Created,
    /// When GuardDuty last updated the finding.
    Updated,
}

impl TimeBasis {
    pub const ALL: [TimeBasis; 4] = [
        Self::LastSeen,
        Self::FirstSeen,
        Self::Created,
        Self::Updated,
    ];

    /// The finding's time on this basis. Activity times fall back to the record times when an
    /// export lacks them (first seen → created, last seen → updated), so no finding with any
    /// time is left off a timeline.
    pub fn time_of(self, finding: &Finding) -> Option<EpochMillis> {
        match self {
            Self::LastSeen => finding.last_seen_at.or(finding.updated_at),
            Self::FirstSeen => finding.first_seen_at.or(finding.created_at),
            Self::Created => finding.created_at,
            Self::Updated => finding.updated_at,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::LastSeen => "Last seen",
            Self::FirstSeen => "First seen",
            Self::Created => "Created",
            Self::Updated => "Updated",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Self::LastSeen => "last-seen",
            Self::FirstSeen => "first-seen",
            Self::Created => "created",
            Self::Updated => "updated",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.slug() == slug)
    }
}

/// A half-open period `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    pub start: EpochMillis,
    pub end: EpochMillis,
}

impl Period {
    pub fn contains(&self, instant: EpochMillis) -> bool {
        self.start <= instant && instant < self.end
    }
}
