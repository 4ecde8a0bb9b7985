//! My profile. Every function acts on the signed-in user only; there is no user id to pass.

use crate::domain::{AppError, Profile, Sessions};
use leptos::prelude::*;

#[server(endpoint = "my_profile", output = crate::domain::JsonAnswer)]
pub async fn my_profile() -> Result<Profile, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::profile::profile(&state).await
}

#[server(endpoint = "my_sessions", output = crate::domain::JsonAnswer)]
pub async fn my_sessions() -> Result<Sessions, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::profile::sessions(&state).await
}

#[server(endpoint = "update_name", output = crate::domain::JsonAnswer)]
pub async fn update_name(first_name: String, last_name: String) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::profile::update_name(&state, &first_name, &last_name).await
}

#[server(endpoint = "change_password", output = crate::domain::JsonAnswer)]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::profile::change_password(&state, current_password, new_password).await
}

#[server(endpoint = "log_out_other_sessions", output = crate::domain::JsonAnswer)]
pub async fn log_out_other_sessions() -> Result<u64, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::profile::log_out_other_sessions(&state).await
}

/// Works in another of the user's places (agency or client account) from now on, and answers with
/// the start page there.
#[server(endpoint = "switch_place", output = crate::domain::JsonAnswer)]
pub async fn switch_place(place: String) -> Result<crate::domain::CurrentUser, AppError> {
    let state = crate::server::state::app_state()?;
    let user = crate::server::profile::switch_place(&state, &place).await?;
    leptos_axum::redirect("/");
    Ok(user)
}
