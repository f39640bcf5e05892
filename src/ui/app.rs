//! The page: its shell and the parts that serve the whole page rather than one view — the view
//! tabs, the URL hash sync, the window-wide drop target and paste target, the folder picker, the load status line, the theme button,
//! the first-visit screen and the built-in sample data.

mod drop_target;
mod empty_state;
mod folder_picker;
mod load_status;
mod paste_target;
mod sample_data;
mod shell;
mod theme_toggle;
mod url_sync;
mod view_tabs;

pub use shell::App;
