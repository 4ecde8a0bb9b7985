//! Brute-force protection for log-in (a few guesses per account, more per IP address, per window),
//! and a cap on "forgot password" emails.
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

/// Forgets the failed guesses at an account (its owner proved themselves another way).
pub async fn forgive_account(db: &Db, email: &str) -> Result<(), sqlx::Error> {
    throttles::reset(db, &account_key(email)).await
}

/// Reset emails one address may be sent per window: enough for a lost message, too few to flood.
pub const RESET_ACCOUNT_LIMIT: i64 = 3;
/// Reset requests one IP address may make per window, at any addresses.
pub const RESET_IP_LIMIT: i64 = 20;
pub const RESET_WINDOW_MS: i64 = 60 * 60 * 1000;

/// Counts a "forgot password" request; false when the address or the IP address is over its limit.
pub async fn admit_reset_request(
    db: &Db,
    email: &str,
    ip: Option<&str>,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let key = format!("reset:{email}");
    let account = throttles::count_attempt(db, &key, now_ms, RESET_WINDOW_MS).await?;
    let from_ip = match ip {
        Some(ip) => {
            let key = format!("reset-ip:{ip}");
            throttles::count_attempt(db, &key, now_ms, RESET_WINDOW_MS).await?
        }
        None => 0,
    };
    Ok(account <= RESET_ACCOUNT_LIMIT && from_ip <= RESET_IP_LIMIT)
}
