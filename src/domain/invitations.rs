//! Invitations and the Create User wizard: what the wizard sends, what the server answers, and
//! what an invitation link shows to the person who opens it.

use super::{AppError, Email, StaffRole};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How long a link is valid unless the agency says otherwise, and the range it may choose from.
pub const DEFAULT_INVITE_VALID_DAYS: i64 = 7;
pub const INVITE_VALID_DAYS: std::ops::RangeInclusive<i64> = 1..=30;
/// The most addresses one Create User sends at once.
pub const MAX_EMAILS_AT_ONCE: usize = 50;

/// What kind of user the wizard creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserKind {
    Staff,
    Client,
}

/// A client account and its resources for a new client user: `None` for all current and future
/// resources, else the chosen ones (which may be none: the user then cannot use the account).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountChoice {
    pub account_id: Uuid,
    pub resources: Option<Vec<Uuid>>,
}

/// Everything the Create User wizard collected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUsers {
    pub kind: UserKind,
    pub emails: Vec<String>,
    /// "Invite users via email": send a link (on), or associate at once / create a profile (off).
    pub send_email: bool,
    /// Client users: the accounts and resources.
    pub accounts: Vec<AccountChoice>,
    /// Client users: the switches on (catalog keys).
    pub permissions: Vec<String>,
    /// Staff users: the role (Admin or Staff) and, for Staff, the accounts they manage.
    pub role: Option<StaffRole>,
    pub assigned: Vec<Uuid>,
}

/// One address of a bulk invite and what is wrong with it, if anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailCheck {
    pub email: String,
    pub problem: Option<String>,
}

/// The addresses typed into the wizard: separated by commas, semicolons, spaces or new lines.
pub fn split_emails(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Checks each address on its own: malformed ones and repeats are reported next to the address.
/// Returns the checks in the order typed; the second of two equal addresses is the duplicate.
pub fn check_emails(emails: &[String]) -> Vec<EmailCheck> {
    let mut seen = std::collections::HashSet::new();
    emails
        .iter()
        .map(|email| {
            let problem = match Email::parse(email) {
                Err(message) => Some(message.to_owned()),
                Ok(parsed) if !seen.insert(parsed.normalized()) => {
                    Some("This address is in the list twice.".to_owned())
                }
                Ok(_) => None,
            };
            EmailCheck {
                email: email.trim().to_owned(),
                problem,
            }
        })
        .collect()
}

/// The addresses for the server: every one valid and distinct, else the per-address errors
/// (fields `emails[0]`, `emails[1]`, … in the order given).
pub fn parse_emails(emails: &[String]) -> Result<Vec<Email>, AppError> {
    if emails.is_empty() {
        return Err(AppError::field(
            "emails",
            "Enter at least one email address.",
        ));
    }
    if emails.len() > MAX_EMAILS_AT_ONCE {
        return Err(AppError::field(
            "emails",
            &format!("Enter at most {MAX_EMAILS_AT_ONCE} addresses at once."),
        ));
    }
    let checks = check_emails(emails);
    let errors: Vec<_> = checks
        .iter()
        .enumerate()
        .filter_map(|(i, check)| {
            let message = check.problem.as_deref()?;
            Some(super::FieldError::new(
                &format!("emails[{i}]"),
                &format!("{}: {message}", check.email),
            ))
        })
        .collect();
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    Ok(checks
        .iter()
        .filter_map(|check| Email::parse(&check.email).ok())
        .collect())
}

/// What Create User did for one address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CreatedUser {
    /// An invitation link went to the outbox (one per account for client users).
    Invited { email: String, invitations: usize },
    /// "Invite users via email" off and the address has a user: they have access now.
    Added { email: String, name: String },
    /// "Invite users via email" off and the address is new: a profile the staff member completes.
    ProfileToComplete { email: String, user_id: Uuid },
}

/// A profile created without an invitation, completed by the staff member: the initial password
/// is shown once and must be changed at the first log-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletedProfile {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub initial_password: String,
}

/// What a link offers, as its page describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationOffer {
    /// The client account, or the agency for a staff invitation.
    pub target_name: String,
    pub agency_name: String,
    pub inviter_name: String,
    pub invited_email: String,
    /// Staff invitations: the role offered.
    pub role: Option<StaffRole>,
    /// Client invitations: "All current and future resources", or the chosen resources by name.
    pub resources: Option<Vec<String>>,
    /// Client invitations: each section with how many of its switches are on, e.g. "Reports: 3 of 4".
    pub switches: Vec<String>,
    /// Whether only the invited address may accept.
    pub require_invited_email: bool,
    pub expires_at: i64,
    pub now_ms: i64,
}

/// What opening a link finds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationLink {
    Open(InvitationOffer),
    Expired { target_name: String },
    Cancelled { target_name: String },
    Used { target_name: String },
    Unknown,
}

/// A pending invitation, as the Users page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingInvite {
    pub id: Uuid,
    pub email: String,
    /// "Globex" for a client invitation, "Staff (ADMIN)" for a staff one.
    pub target: String,
    pub account_id: Option<Uuid>,
    pub invited_by: String,
    pub sent_at: i64,
    pub expires_at: i64,
    /// The invitee asked for a new link.
    pub renewal_asked: bool,
}

/// A client user, as the Users page lists them: with the accounts they belong to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientUser {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub accounts: Vec<AccountRef>,
    pub last_login_at: Option<i64>,
    pub last_login_ip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRef {
    pub id: Uuid,
    pub name: String,
}

/// What the wizard may offer the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WizardOptions {
    /// Owners and Admins may create staff users.
    pub staff_roles: Vec<StaffRole>,
    /// Accounts the caller may invite into.
    pub accounts: Vec<AccountRef>,
    /// Accounts a Staff user may be assigned (Owners and Admins: all of the agency's).
    pub assignable: Vec<AccountRef>,
    /// False on the Freelancer plan: Default and All permissions only.
    pub customizable: bool,
    /// A client manager: the switches they hold (they grant at most these); `None` for staff.
    pub grantable: Option<Vec<String>>,
}

/// The agency's invitation settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationSettings {
    pub valid_days: i64,
    pub require_invited_email: bool,
}

impl InvitationSettings {
    pub fn parse(valid_days: &str, require_invited_email: bool) -> Result<Self, AppError> {
        let valid_days = valid_days
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|days| INVITE_VALID_DAYS.contains(days))
            .ok_or_else(|| {
                AppError::field("valid_days", "Choose a number of days from 1 to 30.")
            })?;
        Ok(InvitationSettings {
            valid_days,
            require_invited_email,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_split_on_commas_semicolons_and_white_space() {
        assert_eq!(
            split_emails(" a@x.com, b@x.com;c@x.com\nd@x.com  "),
            ["a@x.com", "b@x.com", "c@x.com", "d@x.com"]
        );
    }

    #[test]
    fn malformed_and_repeated_addresses_are_reported_one_by_one() {
        let emails: Vec<String> = ["ann@x.com", "nope", "ANN@x.com", "bob@x.com"]
            .map(str::to_owned)
            .to_vec();
        let checks = check_emails(&emails);
        assert_eq!(checks[0].problem, None);
        assert!(checks[1].problem.is_some());
        assert_eq!(
            checks[2].problem.as_deref(),
            Some("This address is in the list twice.")
        );
        assert_eq!(checks[3].problem, None);
        let Err(AppError::Invalid(errors)) = parse_emails(&emails) else {
            panic!("two problems expected");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["emails[1]", "emails[2]"]);
        assert!(errors[0].message.starts_with("nope: "));
    }

    #[test]
    fn validity_is_one_to_thirty_days() {
        assert!(InvitationSettings::parse("0", false).is_err());
        assert!(InvitationSettings::parse("31", false).is_err());
        assert_eq!(
            InvitationSettings::parse(" 30 ", true).unwrap().valid_days,
            30
        );
    }
}
