//! guardview: turns exported Amazon GuardDuty findings into dashboards, a NIST SP 800-30 risk
//! matrix and briefings, entirely in the browser.
//!
//! The data path reads in one direction, and the modules are declared in that order:
//! `ingest` (the only code that knows AWS JSON dialects) → `model` (plain data) → `analysis`
//! (pure functions; time passed in, output sorted) → `charts` (plotters → SVG strings) → `ui`
//! (thin Leptos components, compiled for wasm32 only). `worker` is the ingest Web Worker's runtime
//! (wasm32 only). `load_phase` is the page's load progress as plain data, so it is tested
//! natively. No module imports one that imports it back, and no file holds more than 600
//! lines of production code unless excepted by name (`tests/tidy.rs`). See ARCHITECTURE.md.

pub mod model;

pub mod ingest;

pub mod analysis;

pub mod store;

pub mod sql;

pub mod charts;

pub mod office;

pub mod sample;

pub mod load_phase;

pub mod load_origin;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(all(target_arch = "wasm32", feature = "ui"))]
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub mod worker;
