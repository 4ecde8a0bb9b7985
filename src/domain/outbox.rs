//! The Outbox page: email Switchboard holds or has sent, as an agency's owners see it.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxListing {
    pub delivery: Delivery,
    /// Newest first.
    pub messages: Vec<OutboxMessage>,
    /// The server's clock, so "5 minutes ago" does not depend on the browser's.
    pub now_ms: i64,
}

/// How email leaves Switchboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    /// No SMTP server is configured: messages stay here for the owners to pass on.
    Held,
    /// Sent through this SMTP server (host name only; credentials never leave the server).
    Smtp { server: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: Uuid,
    pub recipient: String,
    pub subject: String,
    /// Removed once delivered: the links in it are personal.
    pub body: Option<String>,
    pub created_at_ms: i64,
    pub status: MessageStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MessageStatus {
    /// Kept here because no SMTP server is configured.
    Held,
    /// Queued for the sender, not tried yet.
    Waiting,
    /// Tried and failed; the sender tries again later.
    Retrying {
        attempts: i64,
        last_error: String,
    },
    Sent {
        at_ms: i64,
    },
    /// The sender gave up.
    Failed {
        attempts: i64,
        last_error: String,
    },
}
