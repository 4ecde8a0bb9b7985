//! Who is asking: sign-up, log-in and log-out, and the session cookie that carries the answer
//! from one request to the next.

use super::accounts;
use super::audit::{Audit, Scope};
use super::db::{sessions, users, WriteTx};
use super::session::{self, hash_token, Client, Live, ABSOLUTE_TIMEOUT_MS};
use super::state::AppState;
use super::{now_ms, password, throttle};
use crate::domain::{AppError, CurrentUser, Email, PersonForm, SignUpForm};
use axum::extract::ConnectInfo;
use axum::http::header::{COOKIE, SET_COOKIE, USER_AGENT};
use axum::http::request::Parts;
use axum::http::HeaderValue;
use cookie::{Cookie, SameSite};
use leptos::prelude::{use_context, with_context};
use leptos_axum::ResponseOptions;
use serde_json::json;
use std::net::SocketAddr;
use uuid::Uuid;

/// How the session cookie is named and flagged. Browsers accept the `__Host-` prefix only on a
/// `Secure` cookie, so plain-http use (local development, tests) gets an unprefixed name.
#[derive(Debug, Clone, Copy)]
pub struct CookiePolicy {
    pub secure: bool,
}

impl CookiePolicy {
    pub fn name(self) -> &'static str {
        if self.secure {
            "__Host-session"
        } else {
            "session"
        }
    }

    fn cookie(self, value: String, max_age: cookie::time::Duration) -> Cookie<'static> {
        Cookie::build((self.name(), value))
            .path("/")
            .http_only(true)
            .secure(self.secure)
            .same_site(SameSite::Lax)
            .max_age(max_age)
            .build()
    }
}

/// The request a server function is answering.
pub(super) fn request_parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(parts_missing)
}

fn parts_missing() -> AppError {
    tracing::error!("request parts missing from the server-function context");
    AppError::Internal
}

pub(super) fn client(parts: &Parts) -> Client {
    Client {
        ip: parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string()),
        user_agent: parts
            .headers
            .get(USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(512).collect()),
    }
}

fn session_token(parts: &Parts, policy: CookiePolicy) -> Option<String> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|header| header.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == policy.name())
        .map(|cookie| cookie.value().to_owned())
}

fn set_cookie(cookie: Cookie<'static>) -> Result<(), AppError> {
    let response = use_context::<ResponseOptions>().ok_or(AppError::Internal)?;
    let value = HeaderValue::from_str(&cookie.to_string()).map_err(|_| AppError::Internal)?;
    response.append_header(SET_COOKIE, value);
    Ok(())
}

fn issue_session_cookie(policy: CookiePolicy, token: String) -> Result<(), AppError> {
    set_cookie(policy.cookie(
        token,
        cookie::time::Duration::milliseconds(ABSOLUTE_TIMEOUT_MS),
    ))
}

/// The live session of this request, if any. Read from the database every time, so a disabled
/// user or an ended session stops working on the very next request.
async fn live_session(state: &AppState) -> Result<Option<(Live, CurrentUser)>, AppError> {
    // The cookie is read where the request's parts are, rather than from a clone of them all.
    let token = with_context::<Parts, _>(|parts| session_token(parts, state.cookies))
        .ok_or_else(parts_missing)?;
    live_session_of_token(state, token).await
}

/// The live session of a request outside the server functions (a plain route such as a download).
pub(super) async fn live_session_of(
    state: &AppState,
    parts: &Parts,
) -> Result<Option<(Live, CurrentUser)>, AppError> {
    live_session_of_token(state, session_token(parts, state.cookies)).await
}

async fn live_session_of_token(
    state: &AppState,
    token: Option<String>,
) -> Result<Option<(Live, CurrentUser)>, AppError> {
    let Some(token) = token else {
        return Ok(None);
    };
    Ok(session::resolve(&state.db, &token, now_ms()).await?)
}

pub async fn current_user(state: &AppState) -> Result<Option<CurrentUser>, AppError> {
    Ok(live_session(state).await?.map(|(_, user)| user))
}

/// The signed-in user and their session, or [`AppError::Unauthenticated`]: the first line of every
/// server function that needs someone signed in.
pub async fn require_user(state: &AppState) -> Result<(Live, CurrentUser), AppError> {
    live_session(state).await?.ok_or(AppError::Unauthenticated)
}

/// Creates an agency and its first owner, and signs the owner in.
pub async fn sign_up(state: &AppState, form: SignUpForm) -> Result<CurrentUser, AppError> {
    let password_hash = admit_new_user(state, &form.owner.password).await?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let user_id = accounts::create_agency_with_owner(&mut tx, &form, &password_hash, now).await?;
    let detail = json!({ "email": form.owner.email.as_str(), "agency": form.agency_name });
    let scope = Scope::user(&mut tx, user_id).await?;
    Audit::of(Some(user_id))?
        .record(&mut tx, "user.signed_up", scope, detail, now)
        .await?;
    sign_in(state, tx, user_id, now).await
}

/// Creates a user who belongs nowhere yet (they see "No access yet" until someone grants access),
/// and signs them in.
pub async fn register(state: &AppState, form: PersonForm) -> Result<CurrentUser, AppError> {
    let password_hash = admit_new_user(state, &form.password).await?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let user_id = accounts::create_user(&mut tx, &form, &password_hash, now).await?;
    let detail = json!({ "email": form.email.as_str() });
    let scope = Scope::user(&mut tx, user_id).await?;
    Audit::of(Some(user_id))?
        .record(&mut tx, "user.registered", scope, detail, now)
        .await?;
    sign_in(state, tx, user_id, now).await
}

/// Whether anyone may create an account here, and the hash of an acceptable new password.
async fn admit_new_user(state: &AppState, new_password: &str) -> Result<String, AppError> {
    if !state.signup_open {
        return Err(AppError::SignupClosed);
    }
    password::check_new(new_password)?;
    password::hash(new_password.to_owned()).await
}

/// Ends the session this browser had (if any), records the log-in and opens a new session in `tx`,
/// commits, and hands the browser its cookie. A new token at every sign-in, so a token planted
/// before it is worth nothing after it.
pub(super) async fn sign_in(
    state: &AppState,
    mut tx: WriteTx,
    user_id: Uuid,
    now: i64,
) -> Result<CurrentUser, AppError> {
    let parts = request_parts()?;
    let client = client(&parts);
    if let Some(old) = session_token(&parts, state.cookies) {
        sessions::delete_by_token_hash(&mut tx, &hash_token(&old)).await?;
    }
    users::record_login(&mut tx, user_id, client.ip.as_deref(), now).await?;
    let token = session::start(&mut tx, user_id, &client, now).await?;
    tx.commit().await?;
    issue_session_cookie(state.cookies, token)?;
    users::current(&state.db, user_id, now)
        .await?
        .ok_or(AppError::Internal)
}

/// Checks the password and starts a new session.
pub async fn log_in(
    state: &AppState,
    email_text: &str,
    password_text: String,
) -> Result<CurrentUser, AppError> {
    let user_id = check_credentials(state, email_text, password_text).await?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    record_log_in(&mut tx, user_id, now).await?;
    sign_in(state, tx, user_id, now).await
}

/// A successful log-in, in its transaction (sign-ups and resets sign in too, as events of their own).
pub(super) async fn record_log_in(
    conn: &mut sqlx::AnyConnection,
    user_id: Uuid,
    now: i64,
) -> Result<(), AppError> {
    let scope = Scope::user(conn, user_id).await?;
    Audit::of(Some(user_id))?
        .record(conn, "user.logged_in", scope, json!({}), now)
        .await
}

/// The user whose email and password these are, throttled against guessing; one answer for every
/// kind of failure.
pub(super) async fn check_credentials(
    state: &AppState,
    email_text: &str,
    password_text: String,
) -> Result<Uuid, AppError> {
    let parts = request_parts()?;
    let client = client(&parts);
    let ip = client.ip.as_deref();
    let email = Email::parse(email_text).ok();
    // Unknown and malformed addresses are throttled too: a lock-out must not reveal which exist.
    let throttle_key = email
        .as_ref()
        .map_or_else(|| email_text.trim().to_lowercase(), Email::normalized);
    let admitted = throttle::admit(&state.db, &throttle_key, ip, now_ms()).await?;
    let credentials = match &email {
        Some(email) if admitted => users::credentials(&state.db, &email.normalized()).await?,
        _ => None,
    };
    let (user_id, stored, disabled) = match credentials {
        Some(c) => (Some(c.user_id), Some(c.password_hash), c.disabled),
        None => (None, None, false),
    };
    // Runs for unknown emails and refused attempts too (against a dummy hash): equal time, equal message.
    let matches = password::verify(password_text, stored).await?;
    let user_id = match user_id {
        Some(id) if matches && !disabled => id,
        _ => {
            // Recorded on its own: a failure has no change to be part of.
            let mut tx = state.db.begin_write().await?;
            let scope = match user_id {
                Some(id) => Scope::user(&mut tx, id).await?,
                None => Scope::unknown_user(),
            };
            let detail = json!({ "email": throttle_key, "throttled": !admitted });
            Audit::of(user_id)?
                .record(&mut tx, "user.login_failed", scope, detail, now_ms())
                .await?;
            tx.commit().await?;
            return Err(AppError::WrongCredentials);
        }
    };
    throttle::succeeded(&state.db, &throttle_key, ip).await?;
    Ok(user_id)
}

/// Ends the session on the server and clears the cookie.
pub async fn log_out(state: &AppState) -> Result<(), AppError> {
    let parts = request_parts()?;
    if let Some(token) = session_token(&parts, state.cookies) {
        if let Some((live, _)) = session::resolve(&state.db, &token, now_ms()).await? {
            let mut tx = state.db.begin_write().await?;
            sessions::delete_by_token_hash(&mut tx, &hash_token(&token)).await?;
            let scope = Scope::user(&mut tx, live.user_id).await?;
            Audit::of(Some(live.user_id))?
                .record(&mut tx, "user.logged_out", scope, json!({}), now_ms())
                .await?;
            tx.commit().await?;
        }
    }
    set_cookie(
        state
            .cookies
            .cookie(String::new(), cookie::time::Duration::ZERO),
    )
}
