//! The database: every SQL statement of the application lives in this module tree.
//!
//! One code path for SQLite and PostgreSQL through sqlx's `Any` driver: `$1` placeholders, UUIDs as
//! TEXT, times as BIGINT Unix milliseconds, booleans read as integers. The scheme of the URL picks the
//! backend at run time.

pub mod audit;
mod cache;
pub mod client_users;
pub mod clients;
mod epoch;
pub mod installation;
pub mod invitations;
pub mod memberships;
pub mod outbox;
pub mod password_resets;
pub mod permissions;
mod pool;
pub mod resources;
pub mod sessions;
pub mod staff;
pub mod throttles;
pub mod users;

pub use epoch::with_request_count;
pub use pool::{Db, WriteTx};

/// A LIKE pattern (used with `ESCAPE '\'`) for text containing `text` literally: `%`, `_` and `\`
/// in it match only themselves.
pub fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}
