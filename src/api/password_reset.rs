//! "Forgot password": ask for a link, check it, choose a new password. Open to visitors: the
//! link's token is the proof.

use crate::domain::{AppError, CurrentUser, ResetLink};
use leptos::prelude::*;

/// Emails a reset link if the address has an account; the answer never says whether it has.
#[server(endpoint = "request_password_reset", output = crate::domain::JsonAnswer)]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::password_reset::request(&state, &email).await
}

#[server(endpoint = "password_reset_link", output = crate::domain::JsonAnswer)]
pub async fn password_reset_link(token: String) -> Result<ResetLink, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::password_reset::link(&state, &token).await
}

/// Sets the new password and signs the browser in; every other session of the user ends.
#[server(endpoint = "reset_password", output = crate::domain::JsonAnswer)]
pub async fn reset_password(token: String, new_password: String) -> Result<CurrentUser, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::password_reset::complete(&state, &token, new_password).await
}
