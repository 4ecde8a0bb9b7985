//! Staff roles and assignments; Owners and Admins only (checked on the server).

use crate::domain::{AppError, StaffList};
use leptos::prelude::*;
use uuid::Uuid;

#[server(endpoint = "staff_members", output = crate::domain::JsonAnswer)]
pub async fn staff_members(
    after: String,
    #[server(default)] search: String,
) -> Result<StaffList, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::staff::list(&state, &search, &after).await
}

#[server(endpoint = "change_staff_role", output = crate::domain::JsonAnswer)]
pub async fn change_staff_role(user_id: Uuid, role: String) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    let role = crate::domain::StaffRole::parse(&role)
        .ok_or_else(|| AppError::field("role", "Choose Owner, Admin or Staff."))?;
    crate::server::staff::change_role(&state, user_id, role).await?;
    crate::server::forms::back_with("role");
    Ok(())
}

#[server(endpoint = "transfer_ownership", output = crate::domain::JsonAnswer)]
pub async fn transfer_ownership(user_id: Uuid) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::staff::transfer_ownership(&state, user_id).await?;
    crate::server::forms::back_with("transferred");
    Ok(())
}

#[server(endpoint = "remove_staff_member", output = crate::domain::JsonAnswer)]
pub async fn remove_staff_member(user_id: Uuid) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::staff::remove(&state, user_id).await?;
    crate::server::forms::back_with("removed");
    Ok(())
}

#[server(endpoint = "assign_client_account", output = crate::domain::JsonAnswer)]
pub async fn assign_client_account(
    user_id: Uuid,
    account_id: Uuid,
    assigned: bool,
) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::staff::assign(&state, user_id, account_id, assigned).await
}
