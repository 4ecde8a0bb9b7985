//! Everything that runs only on the server.

pub mod access;
pub mod accounts;
pub mod admin;
pub mod audit;
mod audit_export;
pub mod audit_log;
pub mod auth;
pub mod clients;
pub mod config;
mod csrf;
pub mod db;
mod delivery;
pub mod demo;
mod error;
pub mod forms;
pub mod headers;
mod health;
pub mod housekeeping;
pub mod invitation_links;
mod invitation_mail;
pub mod invitations;
pub mod live;
mod live_stream;
pub mod mail;
pub mod outbox;
mod paging;
pub mod password;
pub mod password_reset;
pub mod permissions;
mod pipeline;
pub mod profile;
pub mod session;
pub mod staff;
pub mod startup;
pub mod state;
pub mod status;
pub mod telemetry;
pub mod throttle;
pub mod users;

pub use config::{Cli, Command, Config};
pub use startup::{start, Running};

/// Failures of start-up, reported once by `main`; request handling uses [`crate::domain::AppError`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The server's clock in Unix milliseconds, the unit every stored time uses.
pub fn now_ms() -> i64 {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX)
}
