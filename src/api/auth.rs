//! Sign-up, log-in, log-out and "who am I".

use crate::domain::{AppError, CurrentUser};
use leptos::prelude::*;

/// The signed-in user, or `None`.
#[server(endpoint = "current_user", output = crate::domain::JsonAnswer)]
pub async fn signed_in_user() -> Result<Option<CurrentUser>, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::auth::current_user(&state).await
}

/// Creates an agency with its first owner and signs the owner in. Open to anyone: this is how an
/// agency starts.
#[server(endpoint = "sign_up", output = crate::domain::JsonAnswer)]
pub async fn sign_up(
    agency_name: String,
    first_name: String,
    last_name: String,
    email: String,
    password: String,
) -> Result<CurrentUser, AppError> {
    let state = crate::server::state::app_state()?;
    let form =
        crate::domain::SignUpForm::parse(&agency_name, &first_name, &last_name, &email, password)
            .map_err(AppError::Invalid)?;
    crate::server::auth::sign_up(&state, form).await
}

/// Creates a personal account with no access yet; an agency grants access later by invitation.
#[server(endpoint = "register", output = crate::domain::JsonAnswer)]
pub async fn register(
    first_name: String,
    last_name: String,
    email: String,
    password: String,
) -> Result<CurrentUser, AppError> {
    let state = crate::server::state::app_state()?;
    let form = crate::domain::PersonForm::parse(&first_name, &last_name, &email, password)
        .map_err(AppError::Invalid)?;
    crate::server::auth::register(&state, form).await
}

#[server(endpoint = "log_in", output = crate::domain::JsonAnswer)]
pub async fn log_in(email: String, password: String) -> Result<CurrentUser, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::auth::log_in(&state, &email, password).await
}

/// Ends this browser's session, and answers with the page `next` when one is given (a path on this
/// site): the header's Log out goes to Log in, an invitation's stays on the invitation.
#[server(endpoint = "log_out", output = crate::domain::JsonAnswer)]
pub async fn log_out(next: Option<String>) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::auth::log_out(&state).await?;
    if let Some(next) = next.and_then(crate::domain::local_path) {
        leptos_axum::redirect(&next);
    }
    Ok(())
}
