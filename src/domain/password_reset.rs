//! "Forgot password": what a reset link is worth when someone opens it.

use serde::{Deserialize, Serialize};

/// How long a reset link works after it was sent.
pub const RESET_LINK_VALID_MINUTES: i64 = 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResetLink {
    /// Good for one new password, for the account with this email address.
    Valid {
        email: String,
    },
    Expired,
    Used,
    /// Not a link we sent (mistyped or cut short).
    Unknown,
}

impl ResetLink {
    /// Why a link cannot be used, said so that the reader knows what to do next.
    pub fn problem(&self) -> Option<&'static str> {
        match self {
            ResetLink::Valid { .. } => None,
            ResetLink::Expired => Some(
                "This reset link has expired: links work for one hour. Ask for a new one below.",
            ),
            ResetLink::Used => Some(
                "This reset link has already been used. If you still cannot log in, ask for a new one below.",
            ),
            ResetLink::Unknown => Some(
                "This reset link is not valid. Check that you copied all of it, or ask for a new one below.",
            ),
        }
    }
}
