//! My profile: name, password and sessions of the signed-in user, and nobody else's.

use super::audit::{Audit, Scope};
use super::auth::require_user;
use super::db::{sessions, users};
use super::state::AppState;
use super::{now_ms, password};
use crate::domain::{parse_person_name, AppError, CurrentUser, Profile, SessionInfo, Sessions};
use serde_json::json;

pub async fn profile(state: &AppState) -> Result<Profile, AppError> {
    let (_, user) = require_user(state).await?;
    Ok(Profile {
        first_name: user.first_name,
        last_name: user.last_name,
        email: user.email,
    })
}

pub async fn sessions(state: &AppState) -> Result<Sessions, AppError> {
    let (live, _) = require_user(state).await?;
    let sessions = sessions::list_for_user(&state.db, live.user_id)
        .await?
        .into_iter()
        .map(|s| SessionInfo {
            current: s.id == live.session_id.to_string(),
            ip: s.ip,
            user_agent: s.user_agent,
            signed_in_at_ms: s.created_at,
            last_seen_at_ms: s.last_seen_at,
        })
        .collect();
    Ok(Sessions {
        sessions,
        now_ms: now_ms(),
    })
}

pub async fn update_name(
    state: &AppState,
    first_name: &str,
    last_name: &str,
) -> Result<(), AppError> {
    let (live, _) = require_user(state).await?;
    let (first, last) = parse_person_name(first_name, last_name).map_err(AppError::Invalid)?;
    let mut tx = state.db.begin_write().await?;
    users::update_name(&mut tx, live.user_id, &first, &last, now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

/// Needs the current password; ends every other session of the user, so a thief who had it is out.
pub async fn change_password(
    state: &AppState,
    current: String,
    new: String,
) -> Result<(), AppError> {
    let (live, _) = require_user(state).await?;
    let stored = users::password_hash(&state.db, live.user_id).await?;
    if !password::verify(current, stored).await? {
        return Err(AppError::field(
            "current_password",
            "This is not your current password.",
        ));
    }
    password::check_new(&new).map_err(|e| e.rename_field("password", "new_password"))?;
    let hash = password::hash(new).await?;
    let audit = Audit::of(Some(live.user_id))?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    users::set_password_hash(&mut tx, live.user_id, &hash, now).await?;
    sessions::delete_others(&mut tx, live.user_id, live.session_id).await?;
    let scope = Scope::user(&mut tx, live.user_id).await?;
    audit
        .record(&mut tx, "user.password_changed", scope, json!({}), now)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Moves the user to another of their places (an agency or a client account) and remembers it.
pub async fn switch_place(state: &AppState, key: &str) -> Result<CurrentUser, AppError> {
    let (_, user) = require_user(state).await?;
    if !user.places.iter().any(|place| place.key() == key) {
        return Err(AppError::NotFound);
    }
    let mut tx = state.db.begin_write().await?;
    users::set_current_place(&mut tx, user.id, key).await?;
    tx.commit().await?;
    users::current(&state.db, user.id, now_ms())
        .await?
        .ok_or(AppError::Unauthenticated)
}

/// Ends every session of the user but this one; returns how many ended.
pub async fn log_out_other_sessions(state: &AppState) -> Result<u64, AppError> {
    let (live, _) = require_user(state).await?;
    let mut tx = state.db.begin_write().await?;
    let ended = sessions::delete_others(&mut tx, live.user_id, live.session_id).await?;
    tx.commit().await?;
    Ok(ended)
}
