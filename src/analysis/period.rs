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
        self.pick(&RecordTimes::of(finding))
    }

    /// [`TimeBasis::time_of`] for a finding's four times held apart from it (the columnar store).
    pub fn pick(self, times: &RecordTimes) -> Option<EpochMillis> {
        match self {
            Self::LastSeen => times.last_seen_at.or(times.updated_at),
            Self::FirstSeen => times.first_seen_at.or(times.created_at),
            Self::Created => times.created_at,
            Self::Updated => times.updated_at,
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

/// A finding's four timestamps, as [`TimeBasis::pick`] reads them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecordTimes {
    pub created_at: Option<EpochMillis>,
    pub updated_at: Option<EpochMillis>,
    pub first_seen_at: Option<EpochMillis>,
    pub last_seen_at: Option<EpochMillis>,
}

impl RecordTimes {
    /// A finding's four times.
    pub fn of(finding: &Finding) -> Self {
        Self {
            created_at: finding.created_at,
            updated_at: finding.updated_at,
            first_seen_at: finding.first_seen_at,
            last_seen_at: finding.last_seen_at,
        }
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
