//! The app's state: named structs of signals, one file per state type, each provided as context
//! by the app shell. Plain data the state holds (the view, the load phase) lives in native
//! modules so it is unit-tested without a browser.

mod answer;
mod ask;
mod baseline;
mod board;
mod briefing;
mod data;
mod detail;
mod filter;
mod lane;
mod load;
mod query;
mod risk;
mod session;
mod store_status;
mod theme;

pub use crate::analysis::url_state::View;
pub use crate::load_phase::{LoadPhase, ReadProgress};
pub use answer::Answer;
pub use baseline::BaselineState;
pub use board::BoardSettings;
pub use briefing::BriefingData;
pub use data::DataState;
pub use detail::DetailState;
pub use filter::FilterState;
pub use load::LoadState;
pub use query::{QueryState, ACTORS_TOP_ROWS, AGEING_LISTED, WHAT_IF_LISTED};
pub use risk::RiskState;
pub use session::SessionState;
pub use store_status::StoreStatus;
pub use theme::ThemeState;
