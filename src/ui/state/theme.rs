//! The user's theme choice and what the system prefers; charts follow the result.

use leptos::prelude::*;

use crate::charts::ChartTheme;

/// The theme the user chose with the theme button.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ThemeChoice {
    /// Follow the operating system's light or dark preference.
    #[default]
    Auto,
    Dark,
    Light,
}

impl ThemeChoice {
    /// The choice after this one on the theme button: auto → dark → light → auto.
    pub fn next(self) -> Self {
        match self {
            Self::Auto => Self::Dark,
            Self::Dark => Self::Light,
            Self::Light => Self::Auto,
        }
    }

    /// The `<html data-theme>` value; none for auto, so the stylesheet's media query decides.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Self::Auto => None,
            Self::Dark => Some("dark"),
            Self::Light => Some("light"),
        }
    }

    /// What the theme button says.
    pub fn label(self) -> &'static str {
        match self {
            Self::Auto => "Theme: auto",
            Self::Dark => "Theme: dark",
            Self::Light => "Theme: light",
        }
    }
}

/// The user's theme choice and what the system prefers.
#[derive(Clone, Copy)]
pub struct ThemeState {
    pub choice: RwSignal<ThemeChoice>,
    /// Whether the operating system asks for a dark theme.
    pub system_dark: RwSignal<bool>,
}

impl ThemeState {
    pub fn new() -> Self {
        let system_dark = web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .map(|query| query.matches())
            .unwrap_or(false);
        Self {
            choice: RwSignal::new(ThemeChoice::Auto),
            system_dark: RwSignal::new(system_dark),
        }
    }

    pub fn is_dark(&self) -> bool {
        match self.choice.get() {
            ThemeChoice::Dark => true,
            ThemeChoice::Light => false,
            ThemeChoice::Auto => self.system_dark.get(),
        }
    }

    pub fn chart_theme(&self) -> ChartTheme {
        if self.is_dark() {
            ChartTheme::dark()
        } else {
            ChartTheme::light()
        }
    }
}

impl Default for ThemeState {
    fn default() -> Self {
        Self::new()
    }
}
