//! What the agency runs inside a client account: campaigns, applications (with environments and
//! their domains) and domains.

use super::users::parse_id;
use super::Db;
use crate::domain::{ClientResource, Environment, EnvironmentDomain, ResourceKind};
use sqlx::AnyConnection;
use std::collections::HashMap;
use uuid::Uuid;

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

pub async fn delete_resource(conn: &mut AnyConnection, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM resources WHERE id = $1")
        .bind(id.to_string())
        .execute(conn)
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

/// Inserts an environment and returns its id; `None` when the application already has one of that
/// name (unique constraint).
pub async fn insert_environment(
    conn: &mut AnyConnection,
    resource_id: Uuid,
    name: &str,
    now_ms: i64,
) -> Result<Option<Uuid>, sqlx::Error> {
    let id = Uuid::new_v4();
    let done = sqlx::query(
        "INSERT INTO environments (id, resource_id, name, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING",
    )
    .bind(id.to_string())
    .bind(resource_id.to_string())
    .bind(name)
    .bind(now_ms)
    .execute(conn)
    .await?;
    Ok((done.rows_affected() == 1).then_some(id))
}

/// Inserts a domain of an environment; false when it is already there (unique constraint).
pub async fn insert_environment_domain(
    conn: &mut AnyConnection,
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
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
