//! The audit log as the browser sees it: events, the filters of the page, and action names.

use super::AppError;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One event of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: i64,
    /// "Ann Lee <ann@acme.test>", or "System" for the background sender.
    pub actor: String,
    pub action: String,
    pub target: String,
    pub account: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// A JSON object with the particulars (for a permission change, the switches turned on and off).
    pub detail: String,
}

/// The filters of the Audit log page, as typed (also the query string of the CSV export, where an
/// empty field means no filter).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    /// Part of the actor's name or email address.
    pub actor: String,
    #[serde(deserialize_with = "empty_as_none")]
    pub account_id: Option<Uuid>,
    /// One action, or empty for all.
    pub action: String,
    /// "YYYY-MM-DD" (UTC), inclusive; empty for no bound.
    pub from: String,
    pub to: String,
}

fn empty_as_none<'de, D: serde::Deserializer<'de>>(from: D) -> Result<Option<Uuid>, D::Error> {
    let text = Option::<String>::deserialize(from)?.unwrap_or_default();
    if text.is_empty() {
        return Ok(None);
    }
    Uuid::parse_str(&text)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

/// The filters checked: the period as Unix milliseconds, `to` covering its whole day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditPeriod {
    pub from_ms: Option<i64>,
    pub until_ms: Option<i64>,
}

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

impl AuditFilter {
    pub fn period(&self) -> Result<AuditPeriod, AppError> {
        let day = |text: &str, field: &str| -> Result<Option<i64>, AppError> {
            let text = text.trim();
            if text.is_empty() {
                return Ok(None);
            }
            let format = ::time::macros::format_description!("[year]-[month]-[day]");
            let date = ::time::Date::parse(text, &format)
                .map_err(|_| AppError::field(field, "Enter a date like 2026-11-24."))?;
            Ok(Some(date.midnight().assume_utc().unix_timestamp() * 1000))
        };
        let from_ms = day(&self.from, "from")?;
        let until_ms = day(&self.to, "to")?.map(|start| start + DAY_MS);
        if let (Some(from), Some(until)) = (from_ms, until_ms) {
            if until <= from {
                return Err(AppError::field("to", "The end comes before the start."));
            }
        }
        if !self.action.is_empty() && !AUDIT_ACTIONS.iter().any(|(a, _)| *a == self.action) {
            return Err(AppError::field("action", "Choose an action from the list."));
        }
        Ok(AuditPeriod { from_ms, until_ms })
    }
}

/// Every action the log records, with how the page names it.
pub const AUDIT_ACTIONS: &[(&str, &str)] = &[
    ("user.signed_up", "Signed up"),
    ("user.registered", "Registered"),
    ("user.logged_in", "Logged in"),
    ("user.login_failed", "Log-in failed"),
    ("user.logged_out", "Logged out"),
    ("user.password_changed", "Changed password"),
    ("user.password_reset", "Reset password"),
    ("user.profile_completed", "Completed a profile"),
    ("account.created", "Client account created"),
    ("account.edited", "Client account edited"),
    ("account.archived", "Client account archived"),
    ("account.restored", "Client account restored"),
    ("resource.added", "Resource added"),
    ("resource.removed", "Resource removed"),
    ("environment.added", "Environment added"),
    ("domain.added", "Domain added"),
    ("staff.added", "Staff added"),
    ("staff.role_changed", "Role changed"),
    ("staff.ownership_transferred", "Ownership transferred"),
    ("staff.removed", "Staff removed"),
    ("staff.assigned", "Staff assigned"),
    ("staff.unassigned", "Staff unassigned"),
    ("membership.added", "Membership added"),
    ("membership.removed", "Membership removed"),
    ("membership.ended", "Membership ended"),
    ("permissions.changed", "Permissions changed"),
    ("permissions.template_applied", "Template applied"),
    ("template.saved", "Template saved"),
    ("invitation.sent", "Invitation sent"),
    ("invitation.resent", "Invitation resent"),
    ("invitation.cancelled", "Invitation cancelled"),
    ("invitation.accepted", "Invitation accepted"),
    ("invitation.expired", "Invitation expired"),
    ("invitation.renewal_requested", "New invitation asked for"),
    ("agency.settings_changed", "Agency settings changed"),
    ("email.sent", "Email sent"),
    ("email.failed", "Email failed"),
];

/// How the page names an action ("Invitation sent"); unknown ones as stored.
pub fn action_label(action: &str) -> &str {
    AUDIT_ACTIONS
        .iter()
        .find(|(a, _)| *a == action)
        .map_or(action, |(_, label)| label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_covers_whole_days_and_is_checked() {
        let filter = AuditFilter {
            from: "2026-11-23".into(),
            to: "2026-11-23".into(),
            ..AuditFilter::default()
        };
        let period = filter.period().unwrap();
        assert_eq!(period.from_ms, Some(1_795_392_000_000));
        assert_eq!(period.until_ms, Some(1_795_392_000_000 + DAY_MS));
        let backwards = AuditFilter {
            from: "2026-11-24".into(),
            to: "2026-11-23".into(),
            ..AuditFilter::default()
        };
        assert!(backwards.period().unwrap_err().message_for("to").is_some());
        let garbage = AuditFilter {
            from: "yesterday".into(),
            ..AuditFilter::default()
        };
        assert!(garbage.period().unwrap_err().message_for("from").is_some());
    }

    #[test]
    fn actions_are_unique() {
        let mut names: Vec<_> = AUDIT_ACTIONS.iter().map(|(a, _)| a).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), AUDIT_ACTIONS.len());
    }
}
