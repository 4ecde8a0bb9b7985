//! Client users of an agency: people with a membership in one of its accounts.

use super::users::parse_id;
use super::{contains_pattern, Db};
use crate::domain::DbBackend;
use crate::domain::{AccountRef, ClientUser, Items};
use crate::server::paging::page_of;
use sqlx::AnyConnection;
use uuid::Uuid;

/// Which client users a list shows.
pub struct ClientUserFilter<'a> {
    pub agency_id: Uuid,
    /// Only members of this account.
    pub account_id: Option<Uuid>,
    /// Only members of accounts assigned to this Staff member.
    pub assigned_to: Option<Uuid>,
    /// Lower-cased text to find anywhere in the name or address; `None` for all.
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
    account_id: String,
    account_name: String,
}

/// Conditions on `c` (a client account) that keep the accounts the filter covers, for only the
/// filters in use (a plan for "$n IS NULL OR …" cannot use the indexes), with placeholders from
/// `$first` and the values they take.
fn accounts_in_scope(filter: &ClientUserFilter<'_>, first: usize) -> (String, Vec<String>) {
    let mut values = vec![filter.agency_id.to_string()];
    let mut sql = format!("c.agency_id = ${first}");
    if let Some(account) = filter.account_id {
        values.push(account.to_string());
        sql += &format!(" AND c.id = ${}", first + values.len() - 1);
    }
    if let Some(staff) = filter.assigned_to {
        values.push(staff.to_string());
        sql += &format!(
            " AND c.id IN (SELECT client_account_id FROM staff_assignments WHERE user_id = ${})",
            first + values.len() - 1
        );
    }
    (sql, values)
}

/// A page of the list, as the read cache knows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientUsersQuery {
    agency_id: Uuid,
    account_id: Option<Uuid>,
    assigned_to: Option<Uuid>,
    search: Option<String>,
    after: Option<ClientUserPosition>,
    limit: i64,
}

/// A page of client users: the users (shared, with their JSON, so a page kept in memory is answered
/// without a copy or writing it out again), and the position of the last one when another page
/// follows.
pub type ClientUserPage = (Items<ClientUser>, Option<ClientUserPosition>);

/// A page of client users by name after `after` (`limit`: `paging::page_limit`), each with their
/// accounts in the filter: read in one query, or from memory when nothing it is read from has changed
/// since (`cache.rs`).
pub async fn list(
    db: &Db,
    filter: &ClientUserFilter<'_>,
    after: Option<&ClientUserPosition>,
    limit: i64,
) -> Result<ClientUserPage, sqlx::Error> {
    let reads = db.reads();
    let read_in = reads.epoch.now(db.pool()).await?;
    let query = ClientUsersQuery {
        agency_id: filter.agency_id,
        account_id: filter.account_id,
        assigned_to: filter.assigned_to,
        search: filter.search.map(str::to_owned),
        after: after.cloned(),
        limit,
    };
    let read = || async {
        let (users, last) = page_of(read_list(db, filter, after, limit).await?);
        Ok((Items::with_json(users), last))
    };
    reads
        .client_users
        .get_or_read(&reads.epoch, read_in, &query, read)
        .await
}

/// The page of users, then one row per user and account in scope, in one query.
async fn read_list(
    db: &Db,
    filter: &ClientUserFilter<'_>,
    after: Option<&ClientUserPosition>,
    limit: i64,
) -> Result<Vec<(ClientUserPosition, ClientUser)>, sqlx::Error> {
    let (in_scope, mut values) = accounts_in_scope(filter, 1);
    let mut page = format!(
        "SELECT u.id, u.email, u.first_name, u.last_name, u.last_login_at, u.last_login_ip \
         FROM users u \
         WHERE EXISTS (SELECT 1 FROM memberships m JOIN client_accounts c ON c.id = m.client_account_id \
                       WHERE m.user_id = u.id AND {in_scope})"
    );
    if let Some(text) = filter.search {
        page += &search_condition(db.backend(), text, &mut values);
    }
    if let Some((last, first, id)) = after {
        values.extend([last.clone(), first.clone(), id.clone()]);
        let n = values.len();
        page += &format!(
            " AND (u.last_name, u.first_name, u.id) > (${}, ${}, ${n})",
            n - 2,
            n - 1
        );
    }
    page += &format!(" ORDER BY u.last_name, u.first_name, u.id LIMIT {limit}");
    // Every user of the page has an account in scope (the EXISTS above), so the join keeps them all.
    let query = format!(
        "WITH page AS ({page}) \
         SELECT p.id, p.email, p.first_name, p.last_name, p.last_login_at, p.last_login_ip, \
                c.id AS account_id, c.name AS account_name \
         FROM page p \
         JOIN memberships m ON m.user_id = p.id \
         JOIN client_accounts c ON c.id = m.client_account_id \
         WHERE {in_scope} \
         ORDER BY p.last_name, p.first_name, p.id, c.name_key, c.id"
    );
    // A search is planned for its own text each time: PostgreSQL's generic plan for a cached
    // statement cannot tell a rare pattern from a common one, and walked the name index through
    // every user (72.7 ms at 100k users, against 4.0 ms with the trigram indexes).
    let mut rows =
        sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(query)).persistent(filter.search.is_none());
    for value in values {
        rows = rows.bind(value);
    }
    let mut users: Vec<(ClientUserPosition, ClientUser)> = Vec::new();
    for row in rows.fetch_all(db.pool()).await? {
        let account = AccountRef {
            id: parse_id(&row.account_id)?,
            name: row.account_name,
        };
        match users.last_mut() {
            Some((position, user)) if position.2 == row.id => user.accounts.push(account),
            _ => {
                let user = ClientUser {
                    user_id: parse_id(&row.id)?,
                    name: display_name(&row.first_name, &row.last_name, &row.email),
                    email: row.email,
                    accounts: vec![account],
                    last_login_at: row.last_login_at,
                    last_login_ip: row.last_login_ip,
                };
                users.push(((row.last_name, row.first_name, row.id), user));
            }
        }
    }
    Ok(users)
}

/// Users whose name or address contains `text`, through a trigram index: on SQLite the FTS5 table of
/// the migration `user_search`, asked with a phrase (three characters at least: shorter text has no
/// trigram, and is looked for row by row); on PostgreSQL the index of `user_search_one_index`, which
/// the LIKE on its very expression uses.
fn search_condition(backend: DbBackend, text: &str, values: &mut Vec<String>) -> String {
    if backend == DbBackend::Sqlite && text.chars().count() >= 3 {
        values.push(format!("\"{}\"", text.replace('"', "\"\"")));
        return format!(
            " AND u.id IN (SELECT user_id FROM users_search WHERE users_search MATCH ${})",
            values.len()
        );
    }
    values.push(contains_pattern(text));
    let n = values.len();
    match backend {
        DbBackend::Postgres => format!(
            " AND (LOWER(u.first_name || ' ' || u.last_name) || E'\\n' || u.email_normalized) \
               LIKE ${n} ESCAPE '\\'"
        ),
        DbBackend::Sqlite => format!(
            " AND (LOWER(u.first_name || ' ' || u.last_name) LIKE ${n} ESCAPE '\\' \
                   OR u.email_normalized LIKE ${n} ESCAPE '\\')"
        ),
    }
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
    let (in_scope, values) = accounts_in_scope(filter, 1);
    let query = format!(
        "SELECT c.id, c.name FROM memberships m \
         JOIN client_accounts c ON c.id = m.client_account_id \
         WHERE {in_scope} AND m.user_id = ${} ORDER BY c.name_key, c.id",
        values.len() + 1
    );
    let mut rows = sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(query));
    for value in values {
        rows = rows.bind(value);
    }
    account_refs(rows.bind(user_id.to_string()).fetch_all(conn).await?)
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
