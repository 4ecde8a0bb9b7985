//! Switchboard: an agency gives its clients and staff access to exactly what they should see.
//!
//! One crate, two builds: `ssr` (the axum server) and `hydrate` (the browser's WASM). Everything outside
//! `server` compiles into both, so the types on either side of a server function are the same types.

/// Server functions: the only API between the browser and the server; thin by design.
pub mod api;
/// The HTML shell, the root component and the route table.
pub mod app;
/// Reusable UI pieces shared by several screens.
pub mod components;
/// Shared domain types: errors, status reports, formatting of times.
pub mod domain;
/// One component per screen.
pub mod pages;
/// The screens that load on demand, each area its own WASM chunk.
pub mod routes;
/// Server only: configuration, start-up, application state, HTTP routes and all SQL.
#[cfg(feature = "ssr")]
pub mod server;

/// Entry point of the WASM bundle: attaches the reactive app to the server-rendered HTML.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Asynchronous hydration waits for the chunk of the screen the server rendered.
    leptos::mount::hydrate_lazy(app::App);
}
