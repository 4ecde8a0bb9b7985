//! Create User, pending invitations, and the invitation link.

use crate::domain::{
    AppError, CompletedProfile, CreatedUser, CurrentUser, EmailCheck, InvitationLink,
    InvitationSettings, Listing, NewUsers, PendingInvite, WizardOptions,
};
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};
use uuid::Uuid;

/// What the Create User wizard may offer the caller.
#[server(endpoint = "wizard_options", output = crate::domain::JsonAnswer)]
pub async fn load_wizard_options() -> Result<WizardOptions, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::invitations::wizard_options(&state).await
}

/// Each address with what is wrong with it, before anything is created.
#[server(endpoint = "check_new_users", input = Json, output = crate::domain::JsonAnswer)]
pub async fn check_new_users(form: NewUsers) -> Result<Vec<EmailCheck>, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::invitations::check(&state, &form).await
}

#[server(endpoint = "create_users", input = Json, output = crate::domain::JsonAnswer)]
pub async fn create_users(form: NewUsers) -> Result<Vec<CreatedUser>, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::invitations::create(&state, form).await
}

/// Pending invites of an account, or (no account) of the agency.
#[server(endpoint = "pending_invites", output = crate::domain::JsonAnswer)]
pub async fn pending_invites(
    #[server(default)] account_id: Option<Uuid>,
    #[server(default)] search: String,
    #[server(default)] after: String,
) -> Result<Listing<PendingInvite>, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::invitations::pending(&state, account_id, &search, &after).await
}

#[server(endpoint = "resend_invite", output = crate::domain::JsonAnswer)]
pub async fn resend_invite(id: Uuid) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::invitations::resend(&state, id).await?;
    crate::server::forms::back_with("resent");
    Ok(())
}

#[server(endpoint = "cancel_invite", output = crate::domain::JsonAnswer)]
pub async fn cancel_invite(id: Uuid) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::invitations::cancel(&state, id).await?;
    crate::server::forms::back_with("cancelled");
    Ok(())
}

#[server(endpoint = "invitation_settings", output = crate::domain::JsonAnswer)]
pub async fn load_invitation_settings() -> Result<InvitationSettings, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::invitations::settings(&state).await
}

#[server(endpoint = "save_invitation_settings", output = crate::domain::JsonAnswer)]
pub async fn save_invitation_settings(
    valid_days: String,
    #[server(default)] require_invited_email: Option<String>,
) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    let settings = InvitationSettings::parse(&valid_days, require_invited_email.is_some())?;
    crate::server::invitations::save_settings(&state, settings).await?;
    crate::server::forms::back_with("settings");
    Ok(())
}

/// What the link offers (anyone holding it may see this).
#[server(endpoint = "invitation", output = crate::domain::JsonAnswer)]
pub async fn invitation(token: String) -> Result<InvitationLink, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::invitation_links::link(&state, &token).await
}

#[server(endpoint = "accept_invitation", output = crate::domain::JsonAnswer)]
pub async fn accept_invitation(token: String) -> Result<CurrentUser, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::invitation_links::accept(&state, &token).await
}

#[server(endpoint = "log_in_and_accept", output = crate::domain::JsonAnswer)]
pub async fn log_in_and_accept(
    token: String,
    email: String,
    password: String,
) -> Result<CurrentUser, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::invitation_links::log_in_and_accept(&state, &token, &email, password).await
}

/// `terms`: the "I have read and agree to the Terms of Service" checkbox (sent only when ticked).
#[server(endpoint = "register_and_accept", output = crate::domain::JsonAnswer)]
pub async fn register_and_accept(
    token: String,
    first_name: String,
    last_name: String,
    email: String,
    password: String,
    #[server(default)] terms: Option<String>,
) -> Result<CurrentUser, AppError> {
    let state = crate::server::state::app_state()?;
    let form = crate::domain::PersonForm::parse(&first_name, &last_name, &email, password)
        .map_err(AppError::Invalid)?;
    crate::server::invitation_links::register_and_accept(&state, &token, form, terms.is_some())
        .await
}

/// Asks the inviter for a new link (for an expired, cancelled or used one).
#[server(endpoint = "ask_for_new_invitation", output = crate::domain::JsonAnswer)]
pub async fn ask_for_new_invitation(token: String) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::invitation_links::ask_for_new(&state, &token).await
}

/// Client users of an account, or (no account) of every account the staff member manages. A read,
/// so a GET: no body to collect, nothing for the cross-site check to weigh.
#[server(endpoint = "client_users", input = GetUrl, output = crate::domain::JsonAnswer)]
pub async fn client_users(
    #[server(default)] account_id: Option<Uuid>,
    #[server(default)] search: String,
    #[server(default)] after: String,
) -> Result<Listing<crate::domain::ClientUser>, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::users::list(&state, account_id, &search, &after).await
}

/// Remove: ends the user's memberships in `accounts` (one `accounts[n]` per account).
#[server(endpoint = "remove_client_user", output = crate::domain::JsonAnswer)]
pub async fn remove_client_user(
    user_id: Uuid,
    #[server(default)] accounts: Vec<Uuid>,
) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::users::remove(&state, user_id, &accounts).await?;
    crate::server::forms::back_with("removed");
    Ok(())
}

#[server(endpoint = "complete_profile", output = crate::domain::JsonAnswer)]
pub async fn complete_profile(
    user_id: Uuid,
    first_name: String,
    last_name: String,
) -> Result<CompletedProfile, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::users::complete_profile(&state, user_id, &first_name, &last_name).await
}
