//! `switchboard admin …`: what an operator can do from the command line when nobody can log in.
//! Passwords are generated and printed once, never taken as arguments (shell history keeps those).

use super::startup::open_database;
use super::{accounts, now_ms, password, BoxError, Config};
use crate::domain::password_strength::generate;
use crate::domain::{AppError, Email, SignUpForm};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an agency with its owner, and print the owner's generated password.
    CreateOwner {
        #[arg(long)]
        agency: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        first_name: String,
        #[arg(long)]
        last_name: String,
    },
    /// Give a user a new generated password, print it, and end all their sessions.
    ResetPassword {
        #[arg(long)]
        email: String,
    },
}

/// Runs the command and returns what to print.
pub async fn run(config: &Config, command: AdminCommand) -> Result<String, BoxError> {
    let db = open_database(config).await?;
    let new_password = generate().map_err(|e| format!("no secure randomness: {e}"))?;
    let outcome = match command {
        AdminCommand::CreateOwner {
            agency,
            email,
            first_name,
            last_name,
        } => {
            let form = SignUpForm::parse(
                &agency,
                &first_name,
                &last_name,
                &email,
                new_password.clone(),
            )
            .map_err(|errors| explain(AppError::Invalid(errors)))?;
            let hash = password::hash(new_password.clone())
                .await
                .map_err(explain)?;
            let mut tx = db.begin_write().await?;
            accounts::create_agency_with_owner(&mut tx, &form, &hash, now_ms())
                .await
                .map_err(explain)?;
            tx.commit().await?;
            format!(
                "Created agency \"{}\" with owner {}.\nPassword: {new_password}\n",
                form.agency_name,
                form.owner.email.as_str()
            )
        }
        AdminCommand::ResetPassword { email } => {
            let email = Email::parse(&email).map_err(|message| format!("email: {message}"))?;
            accounts::reset_password(&db, &email, new_password.clone(), now_ms())
                .await
                .map_err(explain)?;
            format!(
                "New password for {}: {new_password}\nAll their sessions were ended.\n",
                email.as_str()
            )
        }
    };
    db.close().await;
    Ok(outcome)
}

/// An operator reads field errors as "field: message" lines.
fn explain(error: AppError) -> BoxError {
    match error {
        AppError::Invalid(fields) => fields
            .iter()
            .map(|f| format!("{}: {}", f.field.replace('_', "-"), f.message))
            .collect::<Vec<_>>()
            .join("\n")
            .into(),
        other => other.to_string().into(),
    }
}
