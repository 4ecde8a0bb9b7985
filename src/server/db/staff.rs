//! Staff roles within an agency, and which client accounts Staff members manage.

use super::users::parse_id;
use super::Db;
use crate::domain::{AssignableStaff, StaffMember, StaffRole};
use sqlx::AnyConnection;
use uuid::Uuid;

pub async fn role(
    conn: &mut AnyConnection,
    agency_id: Uuid,
    user_id: Uuid,
) -> Result<Option<StaffRole>, sqlx::Error> {
    let role: Option<String> =
        sqlx::query_scalar("SELECT role FROM staff_members WHERE agency_id = $1 AND user_id = $2")
            .bind(agency_id.to_string())
            .bind(user_id.to_string())
            .fetch_optional(conn)
            .await?;
    Ok(role.as_deref().and_then(StaffRole::parse))
}

pub async fn count_owners(conn: &mut AnyConnection, agency_id: Uuid) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM staff_members WHERE agency_id = $1 AND role = 'owner'")
        .bind(agency_id.to_string())
        .fetch_one(conn)
        .await
}

pub async fn set_role(
    conn: &mut AnyConnection,
    agency_id: Uuid,
    user_id: Uuid,
    role: StaffRole,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff_members SET role = $1 WHERE agency_id = $2 AND user_id = $3")
        .bind(role.as_str())
        .bind(agency_id.to_string())
        .bind(user_id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn remove(
    conn: &mut AnyConnection,
    agency_id: Uuid,
    user_id: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM staff_members WHERE agency_id = $1 AND user_id = $2")
        .bind(agency_id.to_string())
        .bind(user_id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct StaffRow {
    id: String,
    email: String,
    first_name: String,
    last_name: String,
    role: String,
    last_login_at: Option<i64>,
    last_login_ip: Option<String>,
    rank: i64,
}

/// Where a page of staff starts: after this (role rank, last name, first name, user id).
pub type StaffPosition = (i64, String, String, String);

/// Up to `limit` of the agency's staff after `after`: owners first, then admins, then staff, each
/// by name. Returns each member with its position, for the next page's cursor.
pub async fn list(
    db: &Db,
    agency_id: Uuid,
    search: Option<&str>,
    after: Option<&StaffPosition>,
    limit: i64,
) -> Result<Vec<(StaffPosition, StaffMember)>, sqlx::Error> {
    let (rank, last, first, id) =
        after
            .cloned()
            .unwrap_or((-1, String::new(), String::new(), String::new()));
    let rows: Vec<StaffRow> = sqlx::query_as(
        "SELECT * FROM ( \
           SELECT u.id, u.email, u.first_name, u.last_name, s.role, u.last_login_at, u.last_login_ip, \
                  CAST(CASE s.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END AS BIGINT) AS rank \
           FROM staff_members s JOIN users u ON u.id = s.user_id WHERE s.agency_id = $1 \
             AND ($7 IS NULL OR LOWER(u.first_name || ' ' || u.last_name) LIKE $7 ESCAPE '\\' \
                  OR u.email_normalized LIKE $7 ESCAPE '\\')) t \
         WHERE (t.rank, t.last_name, t.first_name, t.id) > ($2, $3, $4, $5) \
         ORDER BY t.rank, t.last_name, t.first_name, t.id LIMIT $6",
    )
    .bind(agency_id.to_string())
    .bind(rank)
    .bind(last)
    .bind(first)
    .bind(id)
    .bind(limit)
    .bind(search)
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|row| {
            let position = (
                row.rank,
                row.last_name.clone(),
                row.first_name.clone(),
                row.id.clone(),
            );
            let member = StaffMember {
                user_id: parse_id(&row.id)?,
                role: StaffRole::parse(&row.role).ok_or_else(|| {
                    sqlx::Error::Decode(format!("staff role {}", row.role).into())
                })?,
                email: row.email,
                first_name: row.first_name,
                last_name: row.last_name,
                last_login_at: row.last_login_at,
                last_login_ip: row.last_login_ip,
            };
            Ok((position, member))
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
