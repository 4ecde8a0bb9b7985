//! The one error type of the application, as it crosses the wire.
//!
//! Internal causes (SQL errors, I/O) are logged on the server and replaced by [`AppError::Internal`],
//! so nothing about the server's insides reaches the browser.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Something failed on the server; the cause is in the server log, not here.
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// The request never got an answer (network down, server restarting).
    #[error("Could not reach Switchboard: {0}")]
    Unreachable(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(message) => AppError::Unreachable(message),
            // Anything else is a malformed exchange between our own two halves: a bug, not user input.
            _ => AppError::Internal,
        }
    }
}
