//! The one error type of the application, as it crosses the wire.
//!
//! Internal causes (SQL errors, I/O) are logged on the server and replaced by [`AppError::Internal`],
//! so nothing about the server's insides reaches the browser.

use super::JsonText;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Input a form can show next to its fields.
    #[error("Please correct the marked fields.")]
    Invalid(Vec<FieldError>),
    /// One message for unknown email, wrong password and locked account alike, so none can be told apart.
    #[error("Wrong email or password.")]
    WrongCredentials,
    /// The operator turned sign-up off (`SIGNUP=closed`).
    #[error(
        "New agencies cannot sign up here. Ask the agency that uses Switchboard for an invitation."
    )]
    SignupClosed,
    /// The request needs a signed-in user and has none (or the session ended).
    #[error("Please log in to continue.")]
    Unauthenticated,
    /// No such thing, or nothing the caller may see: the two look the same, so ids of other agencies
    /// and accounts cannot be probed.
    #[error("Not found: it does not exist, or you have no access to it.")]
    NotFound,
    /// Signed in, but this is not for them (a page only owners may see, say).
    #[error("{0}")]
    Forbidden(String),
    /// The request clashes with what is there now (already a member, already invited). 409.
    #[error("{0}")]
    Conflict(String),
    /// What the request needs is no longer there (a used, expired or cancelled link). 410.
    #[error("{0}")]
    Gone(String),
    /// Something failed on the server; the cause is in the server log, not here.
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// The request never got an answer (network down, server restarting).
    #[error("Could not reach Switchboard: {0}")]
    Unreachable(String),
}

impl AppError {
    /// One field's message.
    pub fn field(field: &str, message: &str) -> Self {
        AppError::Invalid(vec![FieldError::new(field, message)])
    }

    /// The same messages under another field name (shared rules name the field "password"; a form
    /// may call it "new_password").
    pub fn rename_field(self, from: &str, to: &str) -> Self {
        match self {
            AppError::Invalid(mut fields) => {
                for field in fields.iter_mut().filter(|f| f.field == from) {
                    field.field = to.to_owned();
                }
                AppError::Invalid(fields)
            }
            other => other,
        }
    }

    /// The message for `field`, if this error names it.
    pub fn message_for(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }
}

/// A message about one input, named as the form names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: &str) -> Self {
        FieldError {
            field: field.to_owned(),
            message: message.to_owned(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonText;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(message) => AppError::Unreachable(message),
            // Anything else is a malformed exchange between our own two halves: a bug, not user input.
            _ => AppError::Internal,
        }
    }
}
