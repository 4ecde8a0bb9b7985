//! Creating agencies with their owners, and setting passwords: shared by the sign-up page and the
//! operator's command line.

use super::db::users::{self, NewUser};
use super::db::{sessions, Db};
use super::password;
use crate::domain::{AppError, Email, PersonForm, SignUpForm, StaffRole};
use sqlx::AnyConnection;
use uuid::Uuid;

/// Creates a user with no access anywhere yet, inside the caller's transaction; returns their id.
pub async fn create_user(
    conn: &mut AnyConnection,
    person: &PersonForm,
    password_hash: &str,
    now_ms: i64,
) -> Result<Uuid, AppError> {
    let user_id = Uuid::new_v4();
    let normalized = person.email.normalized();
    if users::email_taken(conn, &normalized).await? {
        return Err(email_taken());
    }
    let user = NewUser {
        id: user_id,
        email: person.email.as_str(),
        email_normalized: &normalized,
        first_name: &person.first_name,
        last_name: &person.last_name,
        password_hash,
    };
    if let Err(error) = users::insert(conn, &user, now_ms).await {
        // Two sign-ups racing with one address on PostgreSQL: the unique index decides.
        return Err(match &error {
            sqlx::Error::Database(db) if db.is_unique_violation() => email_taken(),
            _ => error.into(),
        });
    }
    Ok(user_id)
}

/// Creates the agency and its owner inside the caller's transaction and returns the owner's id.
pub async fn create_agency_with_owner(
    conn: &mut AnyConnection,
    form: &SignUpForm,
    password_hash: &str,
    now_ms: i64,
) -> Result<Uuid, AppError> {
    let user_id = create_user(conn, &form.owner, password_hash, now_ms).await?;
    let agency_id = Uuid::new_v4();
    users::insert_agency(conn, agency_id, &form.agency_name, now_ms).await?;
    users::insert_staff_member(conn, agency_id, user_id, StaffRole::Owner, now_ms).await?;
    Ok(user_id)
}

fn email_taken() -> AppError {
    AppError::field(
        "email",
        "An account with this email address already exists. Log in instead.",
    )
}

/// Gives the user with `email` a new password and ends all their sessions.
pub async fn reset_password(
    db: &Db,
    email: &Email,
    new_password: String,
    now_ms: i64,
) -> Result<(), AppError> {
    password::check_new(&new_password)?;
    let Some(credentials) = users::credentials(db, &email.normalized()).await? else {
        return Err(AppError::field("email", "No user has this email address."));
    };
    let hash = password::hash(new_password).await?;
    let mut tx = db.begin_write().await?;
    users::set_password_hash(&mut tx, credentials.user_id, &hash, now_ms).await?;
    sessions::delete_all(&mut tx, credentials.user_id).await?;
    tx.commit().await?;
    Ok(())
}
