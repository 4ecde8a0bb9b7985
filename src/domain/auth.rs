//! Identity as both halves see it: who is signed in, and the rules a sign-up or log-in form must meet.
//! The same checks run in the browser (to show a message at once) and on the server (to enforce it).

use super::error::FieldError;
use super::Items;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The signed-in person, as the browser may know them. Never carries a password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: Uuid,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// Where the person is working now (chosen in the account switcher); `None`: no access yet.
    pub place: Option<Place>,
    /// Every agency and client account the person can work in, for the account switcher.
    pub places: Vec<Place>,
    /// Signed in with an initial password a staff member set: they choose their own first.
    #[serde(default)]
    pub must_change_password: bool,
}

impl CurrentUser {
    /// The agency the person is working in, when they work in one as staff now.
    pub fn agency(&self) -> Option<&AgencyMembership> {
        match &self.place {
            Some(Place::Agency(agency)) => Some(agency),
            _ => None,
        }
    }
}

/// Somewhere a person can work: an agency as its staff, or a client account as a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Place {
    Agency(AgencyMembership),
    Account(AccountPlace),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountPlace {
    pub id: Uuid,
    pub name: String,
    pub agency_name: String,
}

impl Place {
    /// The stored and submitted form of the choice: `agency:<id>` or `account:<id>`.
    pub fn key(&self) -> String {
        match self {
            Place::Agency(agency) => format!("agency:{}", agency.id),
            Place::Account(account) => format!("account:{}", account.id),
        }
    }

    /// What the switcher and the header show.
    pub fn label(&self) -> String {
        match self {
            Place::Agency(agency) => format!("{} (agency)", agency.name),
            Place::Account(account) => format!("{} · {}", account.name, account.agency_name),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Place::Agency(agency) => &agency.name,
            Place::Account(account) => &account.name,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyMembership {
    pub id: Uuid,
    pub name: String,
    pub role: StaffRole,
}

/// The staff of an agency, as the Users page lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffList {
    pub members: Items<StaffMember>,
    /// Pass back as `after` for the next page; `None` on the last one.
    pub next: Option<String>,
    /// The server's clock, for "last login 2 hours ago".
    pub now_ms: i64,
}

/// A person on an agency's staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub user_id: Uuid,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: StaffRole,
    pub last_login_at: Option<i64>,
    pub last_login_ip: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StaffRole {
    Owner,
    Admin,
    Staff,
}

impl StaffRole {
    pub const ALL: [StaffRole; 3] = [StaffRole::Owner, StaffRole::Admin, StaffRole::Staff];

    /// The role's name: "Owner", "Admin", "Staff".
    pub fn name(self) -> &'static str {
        match self {
            StaffRole::Owner => "Owner",
            StaffRole::Admin => "Admin",
            StaffRole::Staff => "Staff",
        }
    }

    /// The role as a sentence names it: "an Owner".
    pub fn label(self) -> &'static str {
        match self {
            StaffRole::Owner => "an Owner",
            StaffRole::Admin => "an Admin",
            StaffRole::Staff => "Staff",
        }
    }

    /// The stored spelling, also the badge text in lower case.
    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Owner => "owner",
            StaffRole::Admin => "admin",
            StaffRole::Staff => "staff",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        match stored {
            "owner" => Some(StaffRole::Owner),
            "admin" => Some(StaffRole::Admin),
            "staff" => Some(StaffRole::Staff),
            _ => None,
        }
    }
}

/// An email address: trimmed, of plausible shape, compared case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let email = input.trim();
        let Some((local, domain)) = email.split_once('@') else {
            return Err("Enter an email address like name@example.com.");
        };
        let plausible = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !email.chars().any(char::is_whitespace);
        if !plausible {
            return Err("Enter an email address like name@example.com.");
        }
        if email.len() > Self::MAX_LEN {
            return Err("This email address is too long.");
        }
        Ok(Email(email.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key two spellings of one address share ("Ann@X.com" and "ann@x.com").
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

/// `path` when it is a page of this site ("/users"), never another ("//other.host", "https://…"):
/// where a log-in or log-out goes on to, which the address or a form names.
pub fn local_path(path: String) -> Option<String> {
    (path.starts_with('/') && !path.starts_with("//")).then_some(path)
}

/// A new password: 8 to 1024 bytes, any characters, never truncated.
pub fn check_new_password(password: &str) -> Result<(), &'static str> {
    match password.len() {
        0..=7 => Err("Use at least 8 characters."),
        8..=1024 => Ok(()),
        _ => Err("Use at most 1024 characters."),
    }
}

/// A name of a person or an agency: not blank, at most `max` characters.
pub(crate) fn check_name(
    value: &str,
    max: usize,
    blank: &'static str,
) -> Result<String, &'static str> {
    let value = value.trim();
    if value.is_empty() {
        Err(blank)
    } else if value.chars().count() > max {
        Err("This is too long.")
    } else {
        Ok(value.to_owned())
    }
}

/// A person's first and last name, checked field by field.
pub fn parse_person_name(
    first_name: &str,
    last_name: &str,
) -> Result<(String, String), Vec<FieldError>> {
    let first = check_name(first_name, 100, "Enter your first name.");
    let last = check_name(last_name, 100, "Enter your last name.");
    match (first, last) {
        (Ok(first), Ok(last)) => Ok((first, last)),
        (first, last) => Err([("first_name", first.err()), ("last_name", last.err())]
            .into_iter()
            .filter_map(|(field, message)| message.map(|m| FieldError::new(field, m)))
            .collect()),
    }
}

/// A person signing up or registering: name, email address and a new password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonForm {
    pub first_name: String,
    pub last_name: String,
    pub email: Email,
    pub password: String,
}

impl PersonForm {
    pub fn parse(
        first_name: &str,
        last_name: &str,
        email: &str,
        password: String,
    ) -> Result<Self, Vec<FieldError>> {
        let names = parse_person_name(first_name, last_name);
        let email = Email::parse(email);
        let password_ok = check_new_password(&password);
        match (names, email, password_ok) {
            (Ok((first_name, last_name)), Ok(email), Ok(())) => Ok(PersonForm {
                first_name,
                last_name,
                email,
                password,
            }),
            (names, email, password_ok) => {
                let mut errors = names.err().unwrap_or_default();
                errors.extend(email.err().map(|m| FieldError::new("email", m)));
                errors.extend(password_ok.err().map(|m| FieldError::new("password", m)));
                Err(errors)
            }
        }
    }
}

/// What the sign-up form sends: a new agency and the person who will own it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignUpForm {
    pub agency_name: String,
    pub owner: PersonForm,
}

impl SignUpForm {
    pub fn parse(
        agency_name: &str,
        first_name: &str,
        last_name: &str,
        email: &str,
        password: String,
    ) -> Result<Self, Vec<FieldError>> {
        let agency_name = check_name(agency_name, 200, "Enter the agency's name.");
        match (
            agency_name,
            PersonForm::parse(first_name, last_name, email, password),
        ) {
            (Ok(agency_name), Ok(owner)) => Ok(SignUpForm { agency_name, owner }),
            (agency_name, owner) => {
                let mut errors: Vec<_> = agency_name
                    .err()
                    .map(|m| FieldError::new("agency_name", m))
                    .into_iter()
                    .collect();
                errors.extend(owner.err().unwrap_or_default());
                Err(errors)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_trimmed_and_compared_without_case() {
        let email = Email::parse("  Ann.Lee@Example.COM ").unwrap();
        assert_eq!(email.as_str(), "Ann.Lee@Example.COM");
        assert_eq!(email.normalized(), "ann.lee@example.com");
    }

    #[test]
    fn implausible_email_addresses_are_refused() {
        for bad in [
            "",
            "ann",
            "ann@",
            "@example.com",
            "ann@example",
            "ann@.com",
            "a b@example.com",
            "a@b@c.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(Email::parse(&format!("{}@example.com", "a".repeat(250))).is_err());
    }

    #[test]
    fn passwords_are_8_to_1024_bytes_of_anything() {
        assert!(check_new_password("1234567").is_err());
        assert!(check_new_password("12345678").is_ok());
        assert!(
            check_new_password("ñññ").is_err(),
            "3 characters of 2 bytes are 6 bytes"
        );
        assert!(
            check_new_password("ññññ").is_ok(),
            "4 characters of 2 bytes are 8 bytes"
        );
        assert!(check_new_password(&"x".repeat(1024)).is_ok());
        assert!(check_new_password(&"x".repeat(1025)).is_err());
    }

    #[test]
    fn a_sign_up_reports_every_bad_field_at_once() {
        let errors = SignUpForm::parse(" ", "Ann", "", "ann@", "short".into()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["agency_name", "last_name", "email", "password"]);
    }

    #[test]
    fn a_valid_sign_up_is_trimmed() {
        let sign_up = SignUpForm::parse(
            " Acme ",
            " Ann ",
            " Lee ",
            " ann@acme.test ",
            "correct horse".into(),
        )
        .unwrap();
        assert_eq!(sign_up.agency_name, "Acme");
        assert_eq!(sign_up.owner.first_name, "Ann");
        assert_eq!(sign_up.owner.email.as_str(), "ann@acme.test");
    }
}
