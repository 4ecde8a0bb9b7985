//! Client users of an agency: people with a membership in one of its accounts.

use super::users::parse_id;
use super::Db;
use crate::domain::{AccountRef, ClientUser};
use sqlx::AnyConnection;
use uuid::Uuid;

/// Which client users a list shows.
pub struct ClientUserFilter<'a> {
    pub agency_id: Uuid,
    /// Only members of this account.
    pub account_id: Option<Uuid>,
    /// Only members of accounts assigned to this Staff member.
    pub assigned_to: Option<Uuid>,
    /// A LIKE pattern on the lower-cased name or address; `None` for all.
    pub search: Option<&'a str>,
}

/// Where a page of client users starts: after this (last name, first name, user id).
pub type ClientUserPosition = (String, String, String);

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    email: String,
    first_name: String,
    last_name: String,
    last_login_at: Option<i64>,
    last_login_ip: Option<String>,
}

/// The accounts a user's row names: those the filter covers.
const ACCOUNTS_IN_SCOPE: &str = "SELECT m.client_account_id FROM memberships m \
    JOIN client_accounts c ON c.id = m.client_account_id \
    WHERE c.agency_id = $1 AND ($2 IS NULL OR c.id = $2) \
      AND ($3 IS NULL OR c.id IN (SELECT client_account_id FROM staff_assignments WHERE user_id = $3))";

/// Up to `limit` client users by name after `after`, each with their accounts in the filter.
pub async fn list(
    db: &Db,
    filter: &ClientUserFilter<'_>,
    after: Option<&ClientUserPosition>,
    limit: i64,
) -> Result<Vec<(ClientUserPosition, ClientUser)>, sqlx::Error> {
    let (last, first, id) = after.cloned().unwrap_or_default();
    let query = format!(
        "SELECT u.id, u.email, u.first_name, u.last_name, u.last_login_at, u.last_login_ip \
         FROM users u \
         WHERE EXISTS ({ACCOUNTS_IN_SCOPE} AND m.user_id = u.id) \
           AND ($4 IS NULL OR LOWER(u.first_name || ' ' || u.last_name) LIKE $4 ESCAPE '\\' \
                OR u.email_normalized LIKE $4 ESCAPE '\\') \
           AND (u.last_name, u.first_name, u.id) > ($5, $6, $7) \
         ORDER BY u.last_name, u.first_name, u.id LIMIT $8"
    );
    let agency = filter.agency_id.to_string();
    let account = filter.account_id.map(|id| id.to_string());
    let assigned = filter.assigned_to.map(|id| id.to_string());
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(query))
        .bind(&agency)
        .bind(&account)
        .bind(&assigned)
        .bind(filter.search)
        .bind(last)
        .bind(first)
        .bind(id)
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    let mut listed = Vec::with_capacity(rows.len());
    let mut conn = db.pool().acquire().await?;
    for row in rows {
        let user_id = parse_id(&row.id)?;
        let accounts = accounts_of(&mut conn, filter, user_id).await?;
        let position = (
            row.last_name.clone(),
            row.first_name.clone(),
            row.id.clone(),
        );
        listed.push((
            position,
            ClientUser {
                user_id,
                name: display_name(&row.first_name, &row.last_name, &row.email),
                email: row.email,
                accounts,
                last_login_at: row.last_login_at,
                last_login_ip: row.last_login_ip,
            },
        ));
    }
    Ok(listed)
}

/// "Ann Lee", or the address for a profile whose name is still to be completed.
fn display_name(first: &str, last: &str, email: &str) -> String {
    let name = format!("{first} {last}");
    if name.trim().is_empty() {
        email.to_owned()
    } else {
        name
    }
}

/// The user's accounts that the filter covers, by name.
pub async fn accounts_of(
    conn: &mut AnyConnection,
    filter: &ClientUserFilter<'_>,
    user_id: Uuid,
) -> Result<Vec<AccountRef>, sqlx::Error> {
    let query = format!(
        "SELECT c.id, c.name FROM client_accounts c WHERE c.id IN ({ACCOUNTS_IN_SCOPE} \
         AND m.user_id = $4) ORDER BY c.name_key, c.id"
    );
    let rows: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(query))
        .bind(filter.agency_id.to_string())
        .bind(filter.account_id.map(|id| id.to_string()))
        .bind(filter.assigned_to.map(|id| id.to_string()))
        .bind(user_id.to_string())
        .fetch_all(conn)
        .await?;
    account_refs(rows)
}

/// (id, name) rows as accounts.
pub fn account_refs(rows: Vec<(String, String)>) -> Result<Vec<AccountRef>, sqlx::Error> {
    rows.into_iter()
        .map(|(id, name)| {
            Ok(AccountRef {
                id: parse_id(&id)?,
                name,
            })
        })
        .collect()
}

/// Ends the user's membership in the account; false if there was none.
pub async fn remove_membership(
    conn: &mut AnyConnection,
    user_id: Uuid,
    account_id: Uuid,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM memberships WHERE user_id = $1 AND client_account_id = $2")
        .bind(user_id.to_string())
        .bind(account_id.to_string())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A profile still to be completed: its address, if `user_id` is one.
pub async fn pending_profile(
    conn: &mut AnyConnection,
    user_id: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT email FROM users WHERE id = $1 AND profile_pending = 1")
        .bind(user_id.to_string())
        .fetch_optional(conn)
        .await
}

/// Completes a profile: its name and initial password, to be changed at the first log-in.
pub async fn complete_profile(
    conn: &mut AnyConnection,
    user_id: Uuid,
    first_name: &str,
    last_name: &str,
    password_hash: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE users SET first_name = $1, last_name = $2, password_hash = $3, \
                must_change_password = 1, profile_pending = 0, updated_at = $4 \
         WHERE id = $5 AND profile_pending = 1",
    )
    .bind(first_name)
    .bind(last_name)
    .bind(password_hash)
    .bind(now_ms)
    .bind(user_id.to_string())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
