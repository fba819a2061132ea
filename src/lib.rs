//! Splitbrain's browser app: components over the deterministic simulator.
//!
//! The components (and Leptos, web-sys and wasm-bindgen with them) are compiled for wasm32 only, so a
//! plain native `cargo test` at the root never builds Leptos; the plain-Rust parts (building a run,
//! importing a file, geometry, labels, bundled scenarios) compile everywhere and are tested natively.

pub mod client_path;
pub mod layout;
pub mod run;
pub mod scenarios;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
pub mod charts;
#[cfg(target_arch = "wasm32")]
pub mod client_panel;
#[cfg(target_arch = "wasm32")]
pub mod cluster_view;
#[cfg(target_arch = "wasm32")]
pub mod compare_view;
#[cfg(target_arch = "wasm32")]
pub mod controls;
#[cfg(target_arch = "wasm32")]
pub mod download;
#[cfg(target_arch = "wasm32")]
pub mod event_log;
#[cfg(target_arch = "wasm32")]
pub mod inspector;
#[cfg(target_arch = "wasm32")]
pub mod io;
#[cfg(target_arch = "wasm32")]
pub mod keyboard;
#[cfg(target_arch = "wasm32")]
pub mod lab;
#[cfg(target_arch = "wasm32")]
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod store_view;
#[cfg(target_arch = "wasm32")]
pub mod timeline;

#[cfg(target_arch = "wasm32")]
pub use app::{App, Tab};
#[cfg(target_arch = "wasm32")]
pub use lab::{use_lab, Lab};
