//! `GET /audit.csv`: the filtered audit log as CSV, streamed page by page, so a million events
//! never sit in memory at once.

use super::audit_log::{actor_pattern, query_of};
use super::auth::live_session_of;
use super::db::audit::{self, AuditPosition, AuditQuery};
use super::state::AppState;
use crate::domain::{date_time_utc, AppError, AuditEntry, AuditFilter};
use axum::body::{Body, Bytes};
use axum::extract::{Query, Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

/// Rows read per round trip while streaming.
const CHUNK: i64 = 1000;

/// The query with everything it borrowed owned, so the stream can outlive the request handler.
struct Export {
    agency_id: Option<Uuid>,
    account_id: Option<Uuid>,
    actor: Option<String>,
    action: Option<String>,
    from_ms: Option<i64>,
    until_ms: Option<i64>,
}

impl Export {
    fn query(&self) -> AuditQuery<'_> {
        AuditQuery {
            agency_id: self.agency_id,
            account_id: self.account_id,
            actor: self.actor.as_deref(),
            action: self.action.as_deref(),
            from_ms: self.from_ms,
            until_ms: self.until_ms,
        }
    }
}

pub async fn export(
    State(state): State<AppState>,
    Query(filter): Query<AuditFilter>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let user = match live_session_of(&state, &parts).await {
        Ok(Some((_, user))) => user,
        Ok(None) => {
            return (StatusCode::UNAUTHORIZED, "Please log in to continue.\n").into_response()
        }
        Err(error) => return refusal(&error),
    };
    let pattern = actor_pattern(&filter);
    let export = match query_of(&state, &user, &filter, &pattern).await {
        Ok(query) => Export {
            agency_id: query.agency_id,
            account_id: query.account_id,
            actor: query.actor.map(str::to_owned),
            action: query.action.map(str::to_owned),
            from_ms: query.from_ms,
            until_ms: query.until_ms,
        },
        Err(error) => return refusal(&error),
    };
    // The number of events, so the page can show how far the export has come.
    let total = match state.db.connection().await {
        Ok(mut conn) => audit::count(&mut conn, &export.query()).await,
        Err(error) => Err(error),
    };
    let total = match total {
        Ok(total) => total,
        Err(error) => return refusal(&error.into()),
    };
    let header = Bytes::from_static(b"time,actor,action,target,account,ip,user_agent,detail\n");
    let pages = futures_util::stream::unfold(
        Some((state, export, None::<AuditPosition>)),
        |cursor| async move {
            let (state, export, before) = cursor?;
            let rows = async {
                let mut conn = state.db.connection().await?;
                audit::list(&mut conn, &export.query(), before.as_ref(), CHUNK).await
            }
            .await;
            match rows {
                Err(error) => {
                    tracing::error!(%error, "audit export stopped");
                    Some((Err(std::io::Error::other("the export stopped")), None))
                }
                Ok(rows) if rows.is_empty() => None,
                Ok(rows) => {
                    let next = rows.last().map(|(position, _)| position.clone());
                    let chunk = csv_rows(rows.into_iter().map(|(_, entry)| entry));
                    Some((chunk, Some((state, export, next))))
                }
            }
        },
    );
    // Fused: a compressing body asks once more after the end, which a bare unfold answers by panicking.
    let body = futures_util::stream::once(async { Ok(header) })
        .chain(pages)
        .fuse();
    (
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"audit-log.csv\"".to_owned(),
            ),
            (CACHE_CONTROL, "no-store".to_owned()),
            (HeaderName::from_static("x-total-count"), total.to_string()),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

use futures_util::StreamExt;

fn csv_rows(entries: impl Iterator<Item = AuditEntry>) -> Result<Bytes, std::io::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for entry in entries {
        writer
            .write_record([
                date_time_utc(entry.at).as_str(),
                &entry.actor,
                &entry.action,
                &entry.target,
                entry.account.as_deref().unwrap_or(""),
                entry.ip.as_deref().unwrap_or(""),
                entry.user_agent.as_deref().unwrap_or(""),
                &entry.detail,
            ])
            .map_err(std::io::Error::other)?;
    }
    writer
        .into_inner()
        .map(Bytes::from)
        .map_err(|error| std::io::Error::other(error.to_string()))
}

fn refusal(error: &AppError) -> Response {
    let status = match error {
        AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let message = match error {
        AppError::Invalid(fields) => fields
            .iter()
            .map(|f| f.message.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        other => other.to_string(),
    };
    (status, format!("{message}\n")).into_response()
}
