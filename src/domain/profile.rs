//! What My profile shows.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
}

/// Where the user is signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sessions {
    pub sessions: Vec<SessionInfo>,
    /// The server's clock, so "5 minutes ago" does not depend on the browser's.
    pub now_ms: i64,
}

/// One signed-in browser of the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub signed_in_at_ms: i64,
    pub last_seen_at_ms: i64,
    /// The session of the browser asking.
    pub current: bool,
}
