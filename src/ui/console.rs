//! Failures the page can do nothing about but must not hide: each is written to the browser
//! console as a warning naming what failed.

use std::fmt::Debug;

/// Gives back the value of `result`, or warns on the console that `what` failed and gives
/// `None`.
pub fn warn_on_error<T, E: Debug>(what: &str, result: Result<T, E>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(error) => {
            leptos::logging::warn!("guardview: {what} failed: {error:?}");
            None
        }
    }
}
