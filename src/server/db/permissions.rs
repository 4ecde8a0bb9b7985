//! The switches of memberships.

use super::users::parse_id;
use super::Db;
use sqlx::AnyConnection;
use uuid::Uuid;

/// Replaces the switches of a membership with `keys`.
pub async fn replace(
    conn: &mut AnyConnection,
    membership_id: Uuid,
    keys: &[&str],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM membership_permissions WHERE membership_id = $1")
        .bind(membership_id.to_string())
        .execute(&mut *conn)
        .await?;
    if keys.is_empty() {
        return Ok(());
    }
    // One statement for all the switches: a save is two round trips whatever its size. The catalog
    // keeps the count far below SQLite's limit of 32,766 bound values.
    let rows: Vec<String> = (2..keys.len() + 2).map(|n| format!("($1, ${n})")).collect();
    let sql = format!(
        "INSERT INTO membership_permissions (membership_id, node_key) VALUES {}",
        rows.join(", ")
    );
    let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(membership_id.to_string());
    for key in keys {
        insert = insert.bind(*key);
    }
    insert.execute(&mut *conn).await?;
    Ok(())
}

/// A user's membership in an account, whatever its state, and whether it grants anything now.
pub struct MembershipRow {
    pub id: Uuid,
    pub active: bool,
    /// How many times its switches were saved.
    pub version: i64,
}

pub async fn membership(
    db: &Db,
    user_id: Uuid,
    account_id: Uuid,
    now_ms: i64,
) -> Result<Option<MembershipRow>, sqlx::Error> {
    let row: Option<(String, i64, i64)> = sqlx::query_as(
        "SELECT m.id, CASE WHEN c.archived_at IS NULL AND (m.ends_at IS NULL OR m.ends_at > $3) \
                           THEN 1 ELSE 0 END, CAST(m.permissions_version AS BIGINT) \
         FROM memberships m JOIN client_accounts c ON c.id = m.client_account_id \
         WHERE m.user_id = $1 AND m.client_account_id = $2",
    )
    .bind(user_id.to_string())
    .bind(account_id.to_string())
    .bind(now_ms)
    .fetch_optional(db.pool())
    .await?;
    row.map(|(id, active, version)| {
        Ok(MembershipRow {
            id: parse_id(&id)?,
            active: active == 1,
            version,
        })
    })
    .transpose()
}

/// Counts a save of the membership's switches, if it still has `version`; false when someone else
/// saved since (the caller refuses the save).
pub async fn bump_version(
    conn: &mut AnyConnection,
    membership_id: Uuid,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE memberships SET permissions_version = permissions_version + 1 \
         WHERE id = $1 AND permissions_version = $2",
    )
    .bind(membership_id.to_string())
    .bind(version)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Who last saved the switches of `user_id` in the account, and when: (name, time).
pub async fn last_change(
    db: &Db,
    account_id: Uuid,
    user_id: Uuid,
) -> Result<Option<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT COALESCE(u.first_name || ' ' || u.last_name, 'someone'), e.at \
         FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id \
         WHERE e.client_account_id = $1 AND e.target = $2 AND e.action LIKE 'permissions.%' \
         ORDER BY e.at DESC, e.id DESC LIMIT 1",
    )
    .bind(account_id.to_string())
    .bind(format!("user:{user_id}"))
    .fetch_optional(db.pool())
    .await
}

pub async fn keys(db: &Db, membership_id: Uuid) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT node_key FROM membership_permissions WHERE membership_id = $1")
        .bind(membership_id.to_string())
        .fetch_all(db.pool())
        .await
}

/// The plan of the agency that owns the account ('freelancer', 'agency' or 'premier').
pub async fn plan_of_account(db: &Db, account_id: Uuid) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT a.plan FROM client_accounts c JOIN agencies a ON a.id = c.agency_id WHERE c.id = $1",
    )
    .bind(account_id.to_string())
    .fetch_optional(db.pool())
    .await
}

pub async fn plan_of_agency(db: &Db, agency_id: Uuid) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT plan FROM agencies WHERE id = $1")
        .bind(agency_id.to_string())
        .fetch_optional(db.pool())
        .await
}

/// The agency's templates by name: (id, name, keys).
pub async fn templates(
    db: &Db,
    agency_id: Uuid,
) -> Result<Vec<(Uuid, String, Vec<String>)>, sqlx::Error> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, name, keys FROM permission_templates WHERE agency_id = $1 ORDER BY name, id",
    )
    .bind(agency_id.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|(id, name, keys)| {
            Ok((
                parse_id(&id)?,
                name,
                keys.split_whitespace().map(str::to_owned).collect(),
            ))
        })
        .collect()
}

/// Saves a template, replacing one of the same name; returns its id.
pub async fn save_template(
    conn: &mut AnyConnection,
    agency_id: Uuid,
    name: &str,
    keys: &[&str],
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM permission_templates WHERE agency_id = $1 AND name = $2")
        .bind(agency_id.to_string())
        .bind(name)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO permission_templates (id, agency_id, name, keys, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(agency_id.to_string())
    .bind(name)
    .bind(keys.join(" "))
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Memberships in the agency whose user matches `pattern` (a lower-case LIKE pattern on email or
/// name), other than `except`'s; limited to accounts assigned to `assigned_to` when given.
/// Rows: (user name, email, account name, membership id).
pub async fn clone_sources(
    db: &Db,
    agency_id: Uuid,
    except: Uuid,
    pattern: &str,
    assigned_to: Option<Uuid>,
) -> Result<Vec<(String, String, String, Uuid)>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT u.first_name, u.last_name, u.email, c.name, m.id \
         FROM memberships m JOIN users u ON u.id = m.user_id \
         JOIN client_accounts c ON c.id = m.client_account_id \
         WHERE c.agency_id = $1 AND m.user_id <> $2 \
           AND (LOWER(u.email) LIKE $3 ESCAPE '\\' \
                OR LOWER(u.first_name || ' ' || u.last_name) LIKE $3 ESCAPE '\\') \
           AND ($4 = '' OR EXISTS (SELECT 1 FROM staff_assignments s \
                                   WHERE s.client_account_id = c.id AND s.user_id = $4)) \
         ORDER BY u.last_name, u.first_name, c.name_key, m.id LIMIT 20",
    )
    .bind(agency_id.to_string())
    .bind(except.to_string())
    .bind(pattern)
    .bind(assigned_to.map(|id| id.to_string()).unwrap_or_default())
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|(first, last, email, account, id)| {
            Ok((format!("{first} {last}"), email, account, parse_id(&id)?))
        })
        .collect()
}
