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
    /// False on the Freelancer plan: only the Default and All permissions presets may be saved.
    pub customizable: bool,
    /// The version of the switches shown; a save names it, so a save over someone else's is refused.
    pub version: i64,
    /// Who saved them last and when: "Ann Lee a moment ago".
    pub changed_by: Option<String>,
}

/// A switch set an agency saved under a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermissionTemplate {
    pub id: Uuid,
    pub name: String,
    pub keys: Vec<String>,
}

/// Another client user's switches in one of their accounts, to copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloneSource {
    pub user_name: String,
    pub email: String,
    pub account_name: String,
    pub keys: Vec<String>,
}

/// What the Freelancer plan says when asked for more than its two presets.
pub const FREELANCER_PRESETS_ONLY: &str = "The Freelancer plan offers the Default and All permissions presets only. Customizing, cloning and templates come with the Agency and Premier plans.";

/// The answer to "can they do X here, and why".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffectiveAccess {
    pub allowed: bool,
    /// What decides it: a switch, a switch above it, or the membership itself.
    pub reason: String,
    /// The resources the membership covers, for context.
    pub scope: String,
}

/// A template's name: not blank, at most 100 characters.
pub fn parse_template_name(name: &str) -> Result<String, crate::domain::AppError> {
    crate::domain::auth_check_name(name, 100, "Name the template.")
        .map_err(|message| crate::domain::AppError::field("name", message))
}
