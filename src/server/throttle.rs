//! Brute-force protection for log-in: a few guesses per account, more per IP address, per window.
//! Counters live in the database, so every instance shares them.

use super::db::{throttles, Db};

/// Guesses one account may receive per window, from anywhere.
pub const ACCOUNT_LIMIT: i64 = 5;
/// Guesses one IP address may make per window, at any accounts.
pub const IP_LIMIT: i64 = 50;
pub const WINDOW_MS: i64 = 15 * 60 * 1000;

fn account_key(email: &str) -> String {
    format!("account:{email}")
}

fn ip_key(ip: &str) -> String {
    format!("ip:{ip}")
}

/// Counts this attempt against the account and the IP address; false when either is over its limit.
/// Called before the password is checked, so a refused attempt never tests a password.
pub async fn admit(
    db: &Db,
    email: &str,
    ip: Option<&str>,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let account = throttles::count_attempt(db, &account_key(email), now_ms, WINDOW_MS).await?;
    let from_ip = match ip {
        Some(ip) => throttles::count_attempt(db, &ip_key(ip), now_ms, WINDOW_MS).await?,
        None => 0,
    };
    Ok(account <= ACCOUNT_LIMIT && from_ip <= IP_LIMIT)
}

/// A correct password: the account starts afresh, and the IP address is not charged for it.
pub async fn succeeded(db: &Db, email: &str, ip: Option<&str>) -> Result<(), sqlx::Error> {
    throttles::reset(db, &account_key(email)).await?;
    if let Some(ip) = ip {
        throttles::uncount_attempt(db, &ip_key(ip)).await?;
    }
    Ok(())
}
