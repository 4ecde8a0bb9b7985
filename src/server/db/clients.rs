//! Client accounts, their resources, and staff assignments.

use super::users::parse_id;
use super::Db;
use crate::domain::{
    AccountDetails, AccountKind, AccountMember, AccountSummary, AssignableStaff, ClientResource,
    Environment, EnvironmentDomain, ResourceKind,
};
use sqlx::AnyConnection;
use std::collections::HashMap;
use uuid::Uuid;

pub async fn insert_account(
    conn: &mut AnyConnection,
    id: Uuid,
    agency_id: Uuid,
    details: &AccountDetails,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO client_accounts (id, agency_id, kind, name, name_key, contact_email, phone, \
                                      address, billing_contact, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
    )
    .bind(id.to_string())
    .bind(agency_id.to_string())
    .bind(details.kind.as_str())
    .bind(&details.name)
    .bind(details.name.to_lowercase())
    .bind(&details.contact_email)
    .bind(&details.phone)
    .bind(&details.address)
    .bind(&details.billing_contact)
    .bind(now_ms)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn update_account(
    db: &Db,
    id: Uuid,
    details: &AccountDetails,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE client_accounts SET kind = $1, name = $2, name_key = $3, contact_email = $4, \
                phone = $5, address = $6, billing_contact = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(details.kind.as_str())
    .bind(&details.name)
    .bind(details.name.to_lowercase())
    .bind(&details.contact_email)
    .bind(&details.phone)
    .bind(&details.address)
    .bind(&details.billing_contact)
    .bind(now_ms)
    .bind(id.to_string())
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Archives (`Some(time)`) or restores (`None`) an account.
pub async fn set_archived(db: &Db, id: Uuid, archived_at: Option<i64>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE client_accounts SET archived_at = $1 WHERE id = $2")
        .bind(archived_at)
        .bind(id.to_string())
        .execute(db.pool())
        .await?;
    Ok(())
}

pub struct AccountRow {
    pub agency_id: Uuid,
    pub details: AccountDetails,
    pub archived: bool,
}

type AccountTuple = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
);

pub async fn find_account(db: &Db, id: Uuid) -> Result<Option<AccountRow>, sqlx::Error> {
    let row: Option<AccountTuple> = sqlx::query_as(
        "SELECT agency_id, kind, name, contact_email, phone, address, billing_contact, archived_at \
         FROM client_accounts WHERE id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(db.pool())
    .await?;
    let Some((agency_id, kind, name, contact_email, phone, address, billing_contact, archived)) =
        row
    else {
        return Ok(None);
    };
    Ok(Some(AccountRow {
        agency_id: parse_id(&agency_id)?,
        details: AccountDetails {
            kind: parse_kind(&kind)?,
            name,
            contact_email,
            phone,
            address,
            billing_contact,
        },
        archived: archived.is_some(),
    }))
}

fn parse_kind(stored: &str) -> Result<AccountKind, sqlx::Error> {
    AccountKind::parse(stored)
        .ok_or_else(|| sqlx::Error::Decode(format!("account kind {stored}").into()))
}

/// Which accounts a list shows.
pub struct AccountFilter<'a> {
    pub agency_id: Uuid,
    /// Lower-cased text the name must contain; empty for all.
    pub search: &'a str,
    pub archived: bool,
    /// Only the accounts assigned to this staff member (for the Staff role).
    pub assigned_to: Option<Uuid>,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: String,
    kind: String,
    name: String,
    name_key: String,
    contact_email: String,
    archived_at: Option<i64>,
    resources: i64,
}

/// Up to `limit` accounts in name order, after the keyset position `after` (name key, id).
pub async fn list_accounts(
    db: &Db,
    filter: &AccountFilter<'_>,
    after: Option<(&str, Uuid)>,
    limit: i64,
) -> Result<Vec<(String, AccountSummary)>, sqlx::Error> {
    let pattern = super::contains_pattern(filter.search);
    let (after_key, after_id) = after.map_or((String::new(), String::new()), |(key, id)| {
        (key.to_owned(), id.to_string())
    });
    // Without a search the LIKE is left out, so a prepared (generic) plan can walk the
    // (agency_id, name_key, id) index in order and stop after one page instead of sorting them all.
    let search = if filter.search.is_empty() {
        "$3 = '%%'"
    } else {
        "c.name_key LIKE $3 ESCAPE '\\'"
    };
    let rows: Vec<SummaryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT c.id, c.kind, c.name, c.name_key, c.contact_email, c.archived_at, \
                (SELECT COUNT(*) FROM resources r WHERE r.client_account_id = c.id) AS resources \
         FROM client_accounts c \
         WHERE c.agency_id = $1 \
           AND (CASE WHEN c.archived_at IS NULL THEN 0 ELSE 1 END) = $2 \
           AND {search} \
           AND (c.name_key, c.id) > ($4, $5) \
           AND ($6 = '' OR EXISTS (SELECT 1 FROM staff_assignments s \
                                   WHERE s.client_account_id = c.id AND s.user_id = $6)) \
         ORDER BY c.name_key, c.id LIMIT $7"
    )))
    .bind(filter.agency_id.to_string())
    .bind(i32::from(filter.archived))
    .bind(pattern)
    .bind(after_key)
    .bind(after_id)
    .bind(
        filter
            .assigned_to
            .map(|id| id.to_string())
            .unwrap_or_default(),
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok((
                row.name_key,
                AccountSummary {
                    id: parse_id(&row.id)?,
                    kind: parse_kind(&row.kind)?,
                    name: row.name,
                    contact_email: row.contact_email,
                    resources: row.resources,
                    archived: row.archived_at.is_some(),
                },
            ))
        })
        .collect()
}

pub async fn is_assigned(db: &Db, user_id: Uuid, account_id: Uuid) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM staff_assignments WHERE user_id = $1 AND client_account_id = $2",
    )
    .bind(user_id.to_string())
    .bind(account_id.to_string())
    .fetch_one(db.pool())
    .await?;
    Ok(count > 0)
}

pub async fn assign(
    conn: &mut AnyConnection,
    agency_id: Uuid,
    user_id: Uuid,
    account_id: Uuid,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO staff_assignments (agency_id, user_id, client_account_id, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(agency_id.to_string())
    .bind(user_id.to_string())
    .bind(account_id.to_string())
    .bind(now_ms)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn unassign(
    conn: &mut AnyConnection,
    user_id: Uuid,
    account_id: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM staff_assignments WHERE user_id = $1 AND client_account_id = $2")
        .bind(user_id.to_string())
        .bind(account_id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// The resources of an account with their environments and domains; `only` limits them to a
/// member's chosen resources.
pub async fn resources_of(
    db: &Db,
    account_id: Uuid,
    only: Option<&[Uuid]>,
) -> Result<Vec<ClientResource>, sqlx::Error> {
    let account = account_id.to_string();
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, kind, name FROM resources WHERE client_account_id = $1 ORDER BY kind, name, id",
    )
    .bind(&account)
    .fetch_all(db.pool())
    .await?;
    let environments: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT e.id, e.resource_id, e.name FROM environments e \
         JOIN resources r ON r.id = e.resource_id WHERE r.client_account_id = $1 \
         ORDER BY e.name, e.id",
    )
    .bind(&account)
    .fetch_all(db.pool())
    .await?;
    let domains: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT d.id, d.environment_id, d.hostname FROM environment_domains d \
         JOIN environments e ON e.id = d.environment_id \
         JOIN resources r ON r.id = e.resource_id WHERE r.client_account_id = $1 \
         ORDER BY d.hostname, d.id",
    )
    .bind(&account)
    .fetch_all(db.pool())
    .await?;

    let mut domains_of: HashMap<String, Vec<EnvironmentDomain>> = HashMap::new();
    for (id, environment_id, hostname) in domains {
        domains_of
            .entry(environment_id)
            .or_default()
            .push(EnvironmentDomain {
                id: parse_id(&id)?,
                hostname,
            });
    }
    let mut environments_of: HashMap<String, Vec<Environment>> = HashMap::new();
    for (id, resource_id, name) in environments {
        let domains = domains_of.remove(&id).unwrap_or_default();
        environments_of
            .entry(resource_id)
            .or_default()
            .push(Environment {
                id: parse_id(&id)?,
                name,
                domains,
            });
    }
    let mut resources = Vec::with_capacity(rows.len());
    for (id, kind, name) in rows {
        let resource_id = parse_id(&id)?;
        if only.is_some_and(|only| !only.contains(&resource_id)) {
            continue;
        }
        let kind = ResourceKind::parse(&kind)
            .ok_or_else(|| sqlx::Error::Decode(format!("resource kind {kind}").into()))?;
        resources.push(ClientResource {
            id: resource_id,
            kind,
            name,
            environments: environments_of.remove(&id).unwrap_or_default(),
        });
    }
    Ok(resources)
}

pub async fn insert_resource(
    conn: &mut AnyConnection,
    account_id: Uuid,
    kind: ResourceKind,
    name: &str,
    now_ms: i64,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO resources (id, client_account_id, kind, name, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id.to_string())
    .bind(account_id.to_string())
    .bind(kind.as_str())
    .bind(name)
    .bind(now_ms)
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn delete_resource(db: &Db, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM resources WHERE id = $1")
        .bind(id.to_string())
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The account and kind of a resource, for authorization.
pub async fn resource_owner(
    db: &Db,
    resource_id: Uuid,
) -> Result<Option<(Uuid, ResourceKind)>, sqlx::Error> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT client_account_id, kind FROM resources WHERE id = $1")
            .bind(resource_id.to_string())
            .fetch_optional(db.pool())
            .await?;
    row.map(|(account, kind)| {
        let kind = ResourceKind::parse(&kind)
            .ok_or_else(|| sqlx::Error::Decode(format!("resource kind {kind}").into()))?;
        Ok((parse_id(&account)?, kind))
    })
    .transpose()
}

/// The account of an environment, for authorization.
pub async fn environment_owner(db: &Db, environment_id: Uuid) -> Result<Option<Uuid>, sqlx::Error> {
    let account: Option<String> = sqlx::query_scalar(
        "SELECT r.client_account_id FROM environments e JOIN resources r ON r.id = e.resource_id \
         WHERE e.id = $1",
    )
    .bind(environment_id.to_string())
    .fetch_optional(db.pool())
    .await?;
    account.as_deref().map(parse_id).transpose()
}

/// Inserts an environment or a domain; false when the name is already there (unique constraint).
pub async fn insert_environment(
    conn: &mut AnyConnection,
    resource_id: Uuid,
    name: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO environments (id, resource_id, name, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(resource_id.to_string())
    .bind(name)
    .bind(now_ms)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn insert_environment_domain(
    db: &Db,
    environment_id: Uuid,
    hostname: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO environment_domains (id, environment_id, hostname, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(environment_id.to_string())
    .bind(hostname)
    .bind(now_ms)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A member's scope in an account: all resources, or these; `None` when the membership grants
/// nothing now (none, ended, or the account archived).
pub async fn member_scope(
    db: &Db,
    user_id: Uuid,
    account_id: Uuid,
    now_ms: i64,
) -> Result<Option<Option<Vec<Uuid>>>, sqlx::Error> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT m.id, CAST(m.all_resources AS BIGINT) FROM memberships m \
         JOIN client_accounts c ON c.id = m.client_account_id \
         WHERE m.user_id = $1 AND m.client_account_id = $2 AND c.archived_at IS NULL \
           AND (m.ends_at IS NULL OR m.ends_at > $3)",
    )
    .bind(user_id.to_string())
    .bind(account_id.to_string())
    .bind(now_ms)
    .fetch_optional(db.pool())
    .await?;
    let Some((membership_id, all)) = row else {
        return Ok(None);
    };
    if all == 1 {
        return Ok(Some(None));
    }
    let chosen: Vec<String> =
        sqlx::query_scalar("SELECT resource_id FROM membership_resources WHERE membership_id = $1")
            .bind(membership_id)
            .fetch_all(db.pool())
            .await?;
    let chosen = chosen
        .iter()
        .map(|id| parse_id(id))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((!chosen.is_empty()).then_some(Some(chosen)))
}

/// Adds a membership (invitations and the demo create them).
pub struct NewMembership<'a> {
    pub user_id: Uuid,
    pub account_id: Uuid,
    /// `None`: all current and future resources.
    pub resources: Option<&'a [Uuid]>,
    pub account_owner: bool,
    pub ends_at: Option<i64>,
    /// The catalog keys switched on.
    pub permissions: &'a [&'a str],
}

pub async fn insert_membership(
    conn: &mut AnyConnection,
    membership: &NewMembership<'_>,
    now_ms: i64,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO memberships (id, user_id, client_account_id, all_resources, account_owner, \
                                  ends_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.to_string())
    .bind(membership.user_id.to_string())
    .bind(membership.account_id.to_string())
    .bind(i32::from(membership.resources.is_none()))
    .bind(i32::from(membership.account_owner))
    .bind(membership.ends_at)
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    super::permissions::replace(&mut *conn, id, membership.permissions).await?;
    for resource in membership.resources.unwrap_or_default() {
        sqlx::query(
            "INSERT INTO membership_resources (membership_id, resource_id) VALUES ($1, $2)",
        )
        .bind(id.to_string())
        .bind(resource.to_string())
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    user_id: String,
    first_name: String,
    last_name: String,
    email: String,
    all_resources: i64,
    chosen: i64,
    account_owner: i64,
    ends_at: Option<i64>,
}

/// The members of an account, by name.
pub async fn members(db: &Db, account_id: Uuid) -> Result<Vec<AccountMember>, sqlx::Error> {
    let rows: Vec<MemberRow> = sqlx::query_as(
        "SELECT u.id AS user_id, u.first_name, u.last_name, u.email, \
                CAST(m.all_resources AS BIGINT) AS all_resources, \
                (SELECT COUNT(*) FROM membership_resources r WHERE r.membership_id = m.id) AS chosen, \
                CAST(m.account_owner AS BIGINT) AS account_owner, m.ends_at \
         FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.client_account_id = $1 ORDER BY u.last_name, u.first_name, u.id",
    )
    .bind(account_id.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(AccountMember {
                user_id: parse_id(&row.user_id)?,
                name: format!("{} {}", row.first_name, row.last_name),
                email: row.email,
                chosen_resources: (row.all_resources == 0).then_some(row.chosen),
                account_owner: row.account_owner != 0,
                ends_at: row.ends_at,
            })
        })
        .collect()
}

/// The agency's Staff-role members and whether each manages the account.
pub async fn assignable_staff(
    db: &Db,
    agency_id: Uuid,
    account_id: Uuid,
) -> Result<Vec<AssignableStaff>, sqlx::Error> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT u.id, u.first_name, u.last_name, \
                (SELECT COUNT(*) FROM staff_assignments a \
                 WHERE a.user_id = s.user_id AND a.client_account_id = $2) \
         FROM staff_members s JOIN users u ON u.id = s.user_id \
         WHERE s.agency_id = $1 AND s.role = 'staff' ORDER BY u.last_name, u.first_name, u.id",
    )
    .bind(agency_id.to_string())
    .bind(account_id.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|(id, first, last, assigned)| {
            Ok(AssignableStaff {
                user_id: parse_id(&id)?,
                name: format!("{first} {last}"),
                assigned: assigned > 0,
            })
        })
        .collect()
}
