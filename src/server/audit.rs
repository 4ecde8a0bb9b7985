//! Recording who did what, from the request being answered, in the caller's transaction.

use super::auth::{client, request_parts};
use super::db::audit::{self, Event};
use crate::domain::AppError;
use sqlx::AnyConnection;
use uuid::Uuid;

/// The actor and the request they sent, for the events a change records.
pub struct Audit {
    actor_id: Option<Uuid>,
    ip: Option<String>,
    user_agent: Option<String>,
}

/// Where an event happened and what it was done to.
pub struct Scope {
    pub target: String,
    pub agency_id: Option<Uuid>,
    pub account_id: Option<Uuid>,
}

impl Scope {
    /// Something in a client account of an agency.
    pub fn account(target: String, agency_id: Uuid, account_id: Uuid) -> Self {
        Scope {
            target,
            agency_id: Some(agency_id),
            account_id: Some(account_id),
        }
    }

    /// Something of an agency as a whole.
    pub fn agency(target: String, agency_id: Uuid) -> Self {
        Scope {
            target,
            agency_id: Some(agency_id),
            account_id: None,
        }
    }

    /// A log-in attempt for an address nobody has.
    pub fn unknown_user() -> Self {
        Scope {
            target: "user:unknown".to_owned(),
            agency_id: None,
            account_id: None,
        }
    }

    /// A person's own things (their log-in, their password), shown in the audit log of their
    /// agency when they work in exactly one.
    pub async fn user(conn: &mut AnyConnection, user_id: Uuid) -> Result<Self, AppError> {
        Ok(Scope {
            target: format!("user:{user_id}"),
            agency_id: super::db::users::sole_agency(conn, user_id).await?,
            account_id: None,
        })
    }
}

impl Audit {
    /// The request of this server function, made by `actor_id` (`None`: someone not signed in).
    pub fn of(actor_id: Option<Uuid>) -> Result<Self, AppError> {
        let client = client(&request_parts()?);
        Ok(Audit {
            actor_id,
            ip: client.ip,
            user_agent: client.user_agent,
        })
    }

    /// The same request, now known to be made by `actor_id` (who just signed in or registered).
    pub fn by(self, actor_id: Uuid) -> Self {
        Audit {
            actor_id: Some(actor_id),
            ..self
        }
    }

    pub async fn record(
        &self,
        conn: &mut AnyConnection,
        action: &str,
        scope: Scope,
        detail: serde_json::Value,
        now_ms: i64,
    ) -> Result<(), AppError> {
        let event = Event {
            actor_id: self.actor_id,
            action,
            target: scope.target,
            agency_id: scope.agency_id,
            account_id: scope.account_id,
            ip: self.ip.as_deref(),
            user_agent: self.user_agent.as_deref(),
            detail: detail.to_string(),
        };
        audit::append(conn, &event, now_ms).await?;
        Ok(())
    }
}
