//! What every request handler and server function can reach.

use super::auth::CookiePolicy;
use super::db::Db;
use super::outbox::Outbox;
use crate::domain::AppError;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::ops::Deref;
use std::sync::Arc;

/// Shared by every request: cloning it (once per server-function call) counts a reference.
#[derive(Clone, Debug)]
pub struct AppState(Arc<Shared>);

#[derive(Debug)]
pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub cookies: CookiePolicy,
    /// What browsers send as `Origin` from our own pages, when a public URL is configured.
    pub public_origin: Option<String>,
    /// Whether anyone may create an agency (`SIGNUP=open`).
    pub signup_open: bool,
    /// Where people reach this site, without a trailing slash: the start of links sent by email.
    pub public_url: String,
    pub outbox: Outbox,
    pub live: super::live::Live,
}

impl AppState {
    pub fn new(shared: Shared) -> Self {
        AppState(Arc::new(shared))
    }
}

impl Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state, from inside a server function (it is provided as context for every request).
pub fn app_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server-function context");
        AppError::Internal
    })
}
