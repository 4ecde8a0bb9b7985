//! Turning server-side failures into the one wire error type.

use crate::domain::AppError;

/// The cause goes to the log; the browser gets the opaque [`AppError::Internal`].
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        tracing::error!(%error, "database error");
        AppError::Internal
    }
}
