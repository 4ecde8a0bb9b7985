//! Live updates: what changed, sent to every browser that may see it.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Which part of the screens a change touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Topic {
    /// Who is in: staff, client users, memberships.
    Users,
    /// Pending invitations.
    Invites,
    /// Someone's switches in an account.
    Permissions,
}

/// One change, as the server announces it: the agency, and where it applies, the account and the
/// person concerned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveChange {
    pub topic: Topic,
    pub agency_id: Uuid,
    pub account_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
}
