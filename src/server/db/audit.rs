//! The audit trail: appended to in the transaction of each change, never updated or deleted.

use crate::domain::AuditEntry;
use sqlx::AnyConnection;
use uuid::Uuid;

/// One event: who did what to which thing, where, and the request it came from.
pub struct Event<'a> {
    pub actor_id: Option<Uuid>,
    /// e.g. "invitation.sent".
    pub action: &'a str,
    /// e.g. "invitation:<id>".
    pub target: String,
    pub agency_id: Option<Uuid>,
    pub account_id: Option<Uuid>,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    /// A JSON object with the particulars.
    pub detail: String,
}

pub async fn append(
    conn: &mut AnyConnection,
    event: &Event<'_>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_events (id, at, actor_id, action, target, agency_id, client_account_id, \
                                   ip, user_agent, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(now_ms)
    .bind(event.actor_id.map(|id| id.to_string()))
    .bind(event.action)
    .bind(&event.target)
    .bind(event.agency_id.map(|id| id.to_string()))
    .bind(event.account_id.map(|id| id.to_string()))
    .bind(event.ip)
    .bind(event.user_agent)
    .bind(&event.detail)
    .execute(conn)
    .await?;
    Ok(())
}

/// Which events a list or an export covers.
pub struct AuditQuery<'a> {
    /// The agency's events (Owners and Admins).
    pub agency_id: Option<Uuid>,
    /// One account's events (its managers), or a filter of the agency's.
    pub account_id: Option<Uuid>,
    /// A LIKE pattern on the actor's lower-cased name or address.
    pub actor: Option<&'a str>,
    pub action: Option<&'a str>,
    pub from_ms: Option<i64>,
    pub until_ms: Option<i64>,
}

/// Where a page of events starts: before this (time, id), newest first.
pub type AuditPosition = (i64, String);

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    at: i64,
    actor: String,
    action: String,
    target: String,
    account: Option<String>,
    ip: Option<String>,
    user_agent: Option<String>,
    detail: String,
}

/// The WHERE conditions of a query, with only the filters in use (so each can use an index, which
/// an "$n IS NULL OR …" cannot): the SQL, the text and the number parameters in order, and the
/// number the next parameter gets.
struct Conditions {
    sql: Vec<String>,
    texts: Vec<String>,
    numbers: Vec<i64>,
}

impl Conditions {
    fn of(query: &AuditQuery<'_>) -> Self {
        let mut sql = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let ids = [
            ("e.agency_id", query.agency_id),
            ("e.client_account_id", query.account_id),
        ];
        for (column, value) in ids {
            if let Some(value) = value {
                texts.push(value.to_string());
                sql.push(format!("{column} = ${}", texts.len()));
            }
        }
        if let Some(actor) = query.actor {
            texts.push(actor.to_owned());
            let n = texts.len();
            sql.push(format!(
                "(LOWER(u.first_name || ' ' || u.last_name) LIKE ${n} ESCAPE '\\' \
                 OR u.email_normalized LIKE ${n} ESCAPE '\\')"
            ));
        }
        if let Some(action) = query.action {
            texts.push(action.to_owned());
            sql.push(format!("e.action = ${}", texts.len()));
        }
        let mut numbers = Vec::new();
        for (condition, value) in [("e.at >= ", query.from_ms), ("e.at < ", query.until_ms)] {
            if let Some(value) = value {
                numbers.push(value);
                sql.push(format!("{condition}${}", texts.len() + numbers.len()));
            }
        }
        Conditions {
            sql,
            texts,
            numbers,
        }
    }

    fn next_parameter(&self) -> usize {
        self.texts.len() + self.numbers.len() + 1
    }

    fn where_clause(&self) -> String {
        if self.sql.is_empty() {
            "1 = 1".to_owned()
        } else {
            self.sql.join(" AND ")
        }
    }
}

const FROM: &str = "FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id \
                    LEFT JOIN client_accounts c ON c.id = e.client_account_id";

/// How many events a query covers (for the export's progress).
pub async fn count(conn: &mut AnyConnection, query: &AuditQuery<'_>) -> Result<i64, sqlx::Error> {
    let conditions = Conditions::of(query);
    let sql = format!("SELECT COUNT(*) {FROM} WHERE {}", conditions.where_clause());
    let mut statement = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql));
    for text in conditions.texts {
        statement = statement.bind(text);
    }
    for number in conditions.numbers {
        statement = statement.bind(number);
    }
    statement.fetch_one(conn).await
}

/// Up to `limit` events, newest first, before `before`.
pub async fn list(
    conn: &mut AnyConnection,
    query: &AuditQuery<'_>,
    before: Option<&AuditPosition>,
    limit: i64,
) -> Result<Vec<(AuditPosition, AuditEntry)>, sqlx::Error> {
    let (before_at, before_id) = before.cloned().unwrap_or((i64::MAX, String::new()));
    let mut conditions = Conditions::of(query);
    let next = conditions.next_parameter();
    conditions
        .sql
        .push(format!("(e.at, e.id) < (${next}, ${})", next + 1));
    let sql = format!(
        "SELECT e.id, e.at, e.action, e.target, e.ip, e.user_agent, e.detail, c.name AS account, \
                CASE WHEN e.actor_id IS NULL THEN 'System' \
                     WHEN u.id IS NULL THEN 'A removed user' \
                     ELSE u.first_name || ' ' || u.last_name || ' <' || u.email || '>' END AS actor \
         {FROM} WHERE {} ORDER BY e.at DESC, e.id DESC LIMIT ${}",
        conditions.where_clause(),
        next + 2
    );
    let mut statement = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql));
    for text in conditions.texts {
        statement = statement.bind(text);
    }
    for number in conditions.numbers {
        statement = statement.bind(number);
    }
    let rows = statement
        .bind(before_at)
        .bind(before_id)
        .bind(limit)
        .fetch_all(conn)
        .await?;
    rows.into_iter()
        .map(|row| {
            let position = (row.at, row.id.clone());
            let entry = AuditEntry {
                id: super::users::parse_id(&row.id)?,
                at: row.at,
                actor: row.actor,
                action: row.action,
                target: row.target,
                account: row.account,
                ip: row.ip,
                user_agent: row.user_agent,
                detail: row.detail,
            };
            Ok((position, entry))
        })
        .collect()
}

/// Retention: deletes the events older than `before`. The only statement that removes events.
pub async fn delete_before(conn: &mut AnyConnection, before: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM audit_events WHERE at < $1")
        .bind(before)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
