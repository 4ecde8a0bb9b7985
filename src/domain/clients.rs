//! Client accounts and their resources, as both halves see them, with the rules their forms meet.

use super::auth::{check_name, Email};
use super::error::{AppError, FieldError};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Lists show this many rows a page.
pub const PAGE_SIZE: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountKind {
    Individual,
    Company,
}

impl AccountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Individual => "individual",
            AccountKind::Company => "company",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        match stored {
            "individual" => Some(AccountKind::Individual),
            "company" => Some(AccountKind::Company),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AccountKind::Individual => "Individual",
            AccountKind::Company => "Company",
        }
    }
}

/// A row of the client account list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub id: Uuid,
    pub kind: AccountKind,
    pub name: String,
    pub contact_email: String,
    pub resources: i64,
    pub archived: bool,
}

/// One page of a keyset-paginated list, and where the next one starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass back as `after` for the next page; `None` on the last one.
    pub next: Option<String>,
}

/// The details of a client account, as its form edits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDetails {
    pub kind: AccountKind,
    pub name: String,
    pub contact_email: String,
    pub phone: String,
    pub address: String,
    pub billing_contact: String,
}

impl AccountDetails {
    /// Checks every field at once, so the form can mark all the bad ones.
    pub fn parse(
        kind: &str,
        name: &str,
        contact_email: &str,
        phone: &str,
        address: &str,
        billing_contact: &str,
    ) -> Result<Self, AppError> {
        let mut errors = Vec::new();
        let kind = AccountKind::parse(kind);
        if kind.is_none() {
            errors.push(FieldError::new("kind", "Choose Individual or Company."));
        }
        let name = check_name(name, 200, "Enter the client's name.")
            .map_err(|m| errors.push(FieldError::new("name", m)))
            .unwrap_or_default();
        let contact_email = match contact_email.trim() {
            "" => String::new(),
            text => Email::parse(text)
                .map(|e| e.as_str().to_owned())
                .map_err(|m| errors.push(FieldError::new("contact_email", m)))
                .unwrap_or_default(),
        };
        let mut optional = |field: &str, value: &str, max: usize| {
            let value = value.trim();
            if value.chars().count() > max {
                errors.push(FieldError::new(field, "This is too long."));
            }
            value.to_owned()
        };
        let phone = optional("phone", phone, 50);
        let address = optional("address", address, 500);
        let billing_contact = optional("billing_contact", billing_contact, 200);
        match kind {
            Some(kind) if errors.is_empty() => Ok(AccountDetails {
                kind,
                name,
                contact_email,
                phone,
                address,
                billing_contact,
            }),
            _ => Err(AppError::Invalid(errors)),
        }
    }
}

/// A client account with everything inside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientAccount {
    pub id: Uuid,
    pub details: AccountDetails,
    pub archived: bool,
    pub resources: Vec<ClientResource>,
    /// Whether the viewer may change it (staff who manage it), or only look (a client user).
    pub editable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResourceKind {
    Campaign,
    Application,
    Domain,
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 3] = [
        ResourceKind::Campaign,
        ResourceKind::Application,
        ResourceKind::Domain,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::Campaign => "campaign",
            ResourceKind::Application => "application",
            ResourceKind::Domain => "domain",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == stored)
    }

    pub fn label(self) -> &'static str {
        match self {
            ResourceKind::Campaign => "Campaign",
            ResourceKind::Application => "Website or application",
            ResourceKind::Domain => "Domain",
        }
    }

    /// The switch a client member needs to see resources of this kind.
    pub fn permission(self) -> &'static str {
        match self {
            ResourceKind::Campaign => "integrations",
            ResourceKind::Application => "applications.view",
            ResourceKind::Domain => "domains.view",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            ResourceKind::Campaign => "Campaigns",
            ResourceKind::Application => "Websites and applications",
            ResourceKind::Domain => "Domains",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientResource {
    pub id: Uuid,
    pub kind: ResourceKind,
    pub name: String,
    /// Only applications have environments.
    pub environments: Vec<Environment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Environment {
    pub id: Uuid,
    pub name: String,
    pub domains: Vec<EnvironmentDomain>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvironmentDomain {
    pub id: Uuid,
    pub hostname: String,
}

/// A new resource: its kind and name (a domain's name must be a host name).
pub fn parse_resource(kind: &str, name: &str) -> Result<(ResourceKind, String), AppError> {
    let Some(kind) = ResourceKind::parse(kind) else {
        return Err(AppError::field(
            "kind",
            "Choose a campaign, a website or application, or a domain.",
        ));
    };
    let name = if kind == ResourceKind::Domain {
        parse_hostname(name).map_err(|m| AppError::field("name", m))?
    } else {
        check_name(name, 200, "Enter a name.").map_err(|m| AppError::field("name", m))?
    };
    Ok((kind, name))
}

/// An environment's name, such as "production" or "staging".
pub fn parse_environment_name(name: &str) -> Result<String, AppError> {
    check_name(name, 100, "Enter the environment's name, such as staging.")
        .map_err(|m| AppError::field("name", m))
}

/// A host name such as "shop.example.com": lower-cased, letters, digits and hyphens in dotted labels.
pub fn parse_hostname(input: &str) -> Result<String, &'static str> {
    const MESSAGE: &str = "Enter a domain such as example.com.";
    let host = input.trim().trim_end_matches('.').to_lowercase();
    if host.is_empty() {
        return Err(MESSAGE);
    }
    if host.len() > 253 {
        return Err("This domain is too long.");
    }
    let labels_ok = host.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    if labels_ok && host.contains('.') {
        Ok(host)
    } else {
        Err(MESSAGE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_details_report_every_bad_field() {
        let long = "x".repeat(10_000);
        let error = AccountDetails::parse("robot", "  ", "nope", &long, "", "").unwrap_err();
        for field in ["kind", "name", "contact_email", "phone"] {
            assert!(error.message_for(field).is_some(), "{field}: {error:?}");
        }
        let error = AccountDetails::parse("company", &long, "", "", "", "").unwrap_err();
        assert_eq!(
            error.message_for("name").as_deref(),
            Some("This is too long.")
        );
    }

    #[test]
    fn account_details_are_trimmed_and_optional_fields_may_be_empty() {
        let details = AccountDetails::parse("individual", "  Bo Diaz ", "", "", "", "").unwrap();
        assert_eq!(details.name, "Bo Diaz");
        assert_eq!(details.kind, AccountKind::Individual);
        assert_eq!(details.contact_email, "");
    }

    #[test]
    fn domains_must_be_host_names() {
        assert_eq!(
            parse_hostname(" Shop.Example.COM. "),
            Ok("shop.example.com".into())
        );
        for bad in [
            "",
            "localhost",
            "exa mple.com",
            "-a.com",
            "a..com",
            "http://a.com",
        ] {
            assert!(parse_hostname(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_unknown_resource_kind_is_refused_by_name() {
        let error = parse_resource("spaceship", "Apollo").unwrap_err();
        assert!(error.message_for("kind").is_some());
        assert!(parse_resource("domain", "not a domain")
            .unwrap_err()
            .message_for("name")
            .is_some());
        assert_eq!(
            parse_resource("campaign", " Spring sale "),
            Ok((ResourceKind::Campaign, "Spring sale".into()))
        );
    }
}

/// Who has access to a client account: its members and, for Owners and Admins, which Staff manage it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountPeople {
    pub members: Vec<AccountMember>,
    /// Staff members of the agency (role Staff) and whether they manage this account; empty for
    /// viewers who cannot assign.
    pub staff: Vec<AssignableStaff>,
    pub now_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountMember {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    /// `None`: all current and future resources; else how many were chosen.
    pub chosen_resources: Option<i64>,
    pub account_owner: bool,
    pub ends_at: Option<i64>,
}

impl AccountMember {
    pub fn ended(&self, now_ms: i64) -> bool {
        self.ends_at.is_some_and(|end| end <= now_ms)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignableStaff {
    pub user_id: Uuid,
    pub name: String,
    pub assigned: bool,
}
