//! `GET /live`: Server-Sent Events for the signed-in browser. Each change is checked against the
//! viewer before it is sent (their session still live, and the change theirs to see).

use super::auth::live_session_of;
use super::db::staff;
use super::permissions::grants;
use super::state::AppState;
use crate::domain::{CurrentUser, LiveChange, Place, StaffRole};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use tokio::sync::broadcast::error::RecvError;

pub async fn stream(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    match live_session_of(&state, &parts).await {
        Ok(Some(_)) => {}
        Ok(None) => {
            return (StatusCode::UNAUTHORIZED, "Please log in to continue.\n").into_response()
        }
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
    let changes = state.live.subscribe();
    let stop = state.live.stopping();
    let events = stream::unfold(
        (state, parts, changes, stop),
        |(state, parts, mut changes, mut stop)| async move {
            loop {
                let next = tokio::select! {
                    next = changes.recv() => next,
                    _ = async { let _ = stop.wait_for(|stop| *stop).await; } => return None,
                };
                let event = match next {
                    Ok(change) => match viewer(&state, &parts).await {
                        // The session ended: so does the stream.
                        None => return None,
                        Some(user) if may_see(&state, &user, &change).await => {
                            Event::default().event("change").json_data(&change).ok()
                        }
                        Some(_) => None,
                    },
                    // Fell behind: the browser loads everything again.
                    Err(RecvError::Lagged(_)) => Some(Event::default().event("resync").data("")),
                    Err(RecvError::Closed) => return None,
                };
                if let Some(event) = event {
                    return Some((
                        Ok::<_, std::convert::Infallible>(event),
                        (state, parts, changes, stop),
                    ));
                }
            }
        },
    );
    Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// The viewer as of now: `None` once their session has ended.
async fn viewer(state: &AppState, parts: &Parts) -> Option<CurrentUser> {
    live_session_of(state, parts)
        .await
        .ok()
        .flatten()
        .map(|(_, user)| user)
}

/// Whether the viewer may know of the change: their own switches; the agency's Owners and Admins;
/// Staff assigned to the account; a client who manages the account's users.
async fn may_see(state: &AppState, user: &CurrentUser, change: &LiveChange) -> bool {
    if change.user_id == Some(user.id) {
        return true;
    }
    for place in &user.places {
        match place {
            Place::Agency(agency) if agency.id == change.agency_id => {
                if agency.role != StaffRole::Staff {
                    return true;
                }
                if let Some(account) = change.account_id {
                    if staff::is_assigned(&state.db, user.id, account)
                        .await
                        .unwrap_or(false)
                    {
                        return true;
                    }
                }
            }
            Place::Account(place) if Some(place.id) == change.account_id => {
                let manages = match grants(state, user, place.id).await {
                    Ok(grants) => grants.check("general.users").is_ok(),
                    Err(_) => false,
                };
                if manages {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}
