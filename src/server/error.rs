//! Turning server-side failures into the one wire error type.

use crate::domain::AppError;
use axum::body::Body;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// The cause goes to the log; the browser gets the opaque [`AppError::Internal`].
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        tracing::error!(%error, "database error");
        AppError::Internal
    }
}

/// The HTTP status of each failure, so logs and monitors count a wrong password as the client's
/// mistake (4xx) and only real faults as 5xx.
fn status_of(error: &AppError) -> StatusCode {
    match error {
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::WrongCredentials | AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::SignupClosed | AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::Gone(_) => StatusCode::GONE,
        AppError::Internal | AppError::Unreachable(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Leptos answers every failed server function with 500; this gives it the status of its error.
/// The body, the encoded `AppError` the browser decodes, passes through unchanged.
pub async fn with_error_status(response: Response) -> Response {
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = status_of(&error);
    }
    Response::from_parts(parts, Body::from(bytes))
}
