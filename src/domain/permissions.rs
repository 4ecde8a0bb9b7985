//! A membership's switches as the switch tree edits them.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermissionEditor {
    pub user_id: Uuid,
    pub user_name: String,
    /// Catalog keys switched on now.
    pub on: Vec<String>,
    /// Keys the editor may change; `None`: all of them (staff who manage the account). A client
    /// manager may change only the switches granted to themselves; the others are locked.
    pub changeable: Option<Vec<String>>,
}

/// The answer to "can they do X here, and why".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffectiveAccess {
    pub allowed: bool,
    /// What decides it: a switch, a switch above it, or the membership itself.
    pub reason: String,
    /// The resources the membership covers, for context.
    pub scope: String,
}
