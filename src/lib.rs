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
/// What each route hands its screen from the address: path parameters and query.
pub mod routes;
/// Server only: configuration, start-up, application state, HTTP routes and all SQL.
#[cfg(feature = "ssr")]
pub mod server;

/// Entry point of the WASM bundle, before the page's islands hydrate (each screen is one, see
/// `pages`): the rest of the page is the server's HTML and stays so.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // A server function that answers with a redirect (log-in, log-out, switching account) opens
    // that page; there is no client-side router to ask.
    let _ = leptos::server_fn::redirect::set_redirect_hook(components::go_to);
    leptos::mount::hydrate_islands();
}
