//! The agency's invitation settings: how long links stay valid, and whether client invitations
//! need the invited address.

use crate::domain::{AppError, InvitationSettings};
use crate::server::access::require_agency_admin;
use crate::server::audit::{Audit, Scope};
use crate::server::db::invitations as db;
use crate::server::now_ms;
use crate::server::state::AppState;
use serde_json::json;

/// The agency's invitation settings (Owners and Admins).
pub async fn settings(state: &AppState) -> Result<InvitationSettings, AppError> {
    let admin = require_agency_admin(state).await?;
    let mut conn = state.db.connection().await?;
    let (valid_days, require_invited_email) = db::settings(&mut conn, admin.agency.id).await?;
    Ok(InvitationSettings {
        valid_days,
        require_invited_email,
    })
}

pub async fn save_settings(state: &AppState, settings: InvitationSettings) -> Result<(), AppError> {
    let admin = require_agency_admin(state).await?;
    let audit = Audit::of(Some(admin.user.id))?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    db::save_settings(
        &mut tx,
        admin.agency.id,
        settings.valid_days,
        settings.require_invited_email,
    )
    .await?;
    let scope = Scope {
        target: format!("agency:{}", admin.agency.id),
        agency_id: Some(admin.agency.id),
        account_id: None,
    };
    let detail = json!({
        "invite_valid_days": settings.valid_days,
        "require_invited_email": settings.require_invited_email,
    });
    audit
        .record(&mut tx, "agency.settings_changed", scope, detail, now)
        .await?;
    tx.commit().await?;
    Ok(())
}
