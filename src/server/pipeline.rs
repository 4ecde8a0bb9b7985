//! What happens around every request, in order, as one middleware.
//!
//! Each `from_fn` middleware clones the services below it, boxes them and the request's future,
//! on every request: five of them were an eighth of an authorized read's instructions (callgrind,
//! `bench/instructions.sh`). Here they are plain functions, called in the order they ran in.

use super::state::AppState;
use super::{csrf, db, delivery, error, headers};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

/// Times the request, refuses a cross-site one that could change state, reads the database's
/// count of changes at most once for it (`db::with_request_count`), gives a failed server function
/// the status of its error, and puts the security headers on whatever comes back, refusals and
/// the time-outs and size limits of the layers inside included.
pub async fn around_each_request(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let nonce = headers::mint_nonce(&mut request);
    let mut response = match csrf::refusal(&state, &request) {
        Some(refusal) => refusal,
        None => error::with_error_status(db::with_request_count(next.run(request)).await).await,
    };
    headers::add_security_headers(&mut response, nonce.as_ref(), state.cookies.secure);
    delivery::add_server_timing(&mut response, started);
    response
}
