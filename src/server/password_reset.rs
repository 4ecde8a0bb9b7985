//! "Forgot password": a one-time link by email (through the outbox), then a new password.

use super::audit::{Audit, Scope};
use super::auth::{self, request_parts};
use super::db::outbox::NewMessage;
use super::db::{password_resets, sessions, users};
use super::session::{hash_token, new_token};
use super::state::AppState;
use super::{now_ms, outbox, password, throttle};
use crate::domain::{AppError, CurrentUser, Email, ResetLink, RESET_LINK_VALID_MINUTES};
use serde_json::json;

const LINK_VALID_MS: i64 = RESET_LINK_VALID_MINUTES * 60 * 1000;

/// Sends a reset link if the address belongs to an active user. The answer is the same whether it
/// does or not, and whether the request was throttled, so it reveals nothing about who has an account.
pub async fn request(state: &AppState, email_text: &str) -> Result<(), AppError> {
    let email = Email::parse(email_text).map_err(|message| AppError::field("email", message))?;
    let parts = request_parts()?;
    let ip = auth::client(&parts).ip;
    let now = now_ms();
    let normalized = email.normalized();
    if !throttle::admit_reset_request(&state.db, &normalized, ip.as_deref(), now).await? {
        tracing::warn!(ip = ip.as_deref(), "password reset requests throttled");
        return Ok(());
    }
    let Some(credentials) = users::credentials(&state.db, &normalized).await? else {
        return Ok(());
    };
    let Some(user) = users::current(&state.db, credentials.user_id, now).await? else {
        return Ok(()); // disabled
    };
    let token = new_token();
    let body = message_body(
        &user,
        &format!("{}/reset-password?token={token}", state.public_url),
    );
    let mut tx = state.db.begin_write().await?;
    password_resets::insert(
        &mut tx,
        &hash_token(&token),
        user.id,
        now,
        now + LINK_VALID_MS,
    )
    .await?;
    let message = NewMessage {
        agency_id: users::sole_agency(&mut tx, user.id).await?,
        recipient: &user.email,
        subject: "Reset your Switchboard password",
        body: &body,
        html_body: None,
    };
    outbox::enqueue(&mut tx, &message, now).await?;
    tx.commit().await?;
    state.outbox.wake();
    Ok(())
}

fn message_body(user: &CurrentUser, link: &str) -> String {
    format!(
        "Hello {first_name},\n\n\
         Someone, hopefully you, asked to reset the password of your Switchboard account {email}.\n\
         Open this link within {RESET_LINK_VALID_MINUTES} minutes to choose a new password:\n\n\
         {link}\n\n\
         The link works once. If you did not ask for it, ignore this email: your password stays as it is.\n",
        first_name = user.first_name,
        email = user.email,
    )
}

/// What the link with `token` is worth now.
pub async fn link(state: &AppState, token: &str) -> Result<ResetLink, AppError> {
    let Some(reset) = password_resets::find(&state.db, &hash_token(token)).await? else {
        return Ok(ResetLink::Unknown);
    };
    if reset.used_at.is_some() {
        return Ok(ResetLink::Used);
    }
    if reset.expires_at <= now_ms() {
        return Ok(ResetLink::Expired);
    }
    match users::current(&state.db, reset.user_id, now_ms()).await? {
        Some(user) => Ok(ResetLink::Valid { email: user.email }),
        None => Ok(ResetLink::Unknown), // the user was disabled since
    }
}

/// Sets the new password, retires the link (and any other of the user's), ends every session of
/// the user, and signs this browser in.
pub async fn complete(
    state: &AppState,
    token: &str,
    new_password: String,
) -> Result<CurrentUser, AppError> {
    let link = link(state, token).await?;
    if let Some(problem) = link.problem() {
        return Err(AppError::field("token", problem));
    }
    password::check_new(&new_password).map_err(|e| e.rename_field("password", "new_password"))?;
    let hash = password::hash(new_password).await?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    // Checked again inside the transaction: of two requests racing with one link, one wins.
    let Some(user_id) = password_resets::use_link(&mut tx, &hash_token(token), now).await? else {
        return Err(AppError::field(
            "token",
            ResetLink::Used.problem().unwrap_or_default(),
        ));
    };
    users::set_password_hash(&mut tx, user_id, &hash, now).await?;
    password_resets::retire_all(&mut tx, user_id, now).await?;
    sessions::delete_all(&mut tx, user_id).await?;
    let scope = Scope::user(&mut tx, user_id).await?;
    Audit::of(Some(user_id))?
        .record(&mut tx, "user.password_reset", scope, json!({}), now)
        .await?;
    let user = auth::sign_in(state, tx, user_id, now).await?;
    // Whoever reset the password owns the account: earlier failed guesses no longer lock it.
    if let Ok(email) = Email::parse(&user.email) {
        throttle::forgive_account(&state.db, &email.normalized()).await?;
    }
    Ok(user)
}
