//! Sessions: an opaque random token in a cookie, its SHA-256 in the database, and the two timeouts.

use super::db::{sessions, Db};
use crate::domain::CurrentUser;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;
use uuid::Uuid;

/// A session unused this long ends.
pub const IDLE_TIMEOUT_MS: i64 = 12 * 60 * 60 * 1000;
/// A session ends this long after log-in, however busy.
pub const ABSOLUTE_TIMEOUT_MS: i64 = 7 * 24 * 60 * 60 * 1000;
/// `last_seen_at` is written at most this often, so reads do not each cost a write.
const TOUCH_INTERVAL_MS: i64 = 60 * 1000;

/// Where a request came from, recorded with sessions and log-ins.
#[derive(Debug, Clone, Default)]
pub struct Client {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// 256 random bits, URL-safe: for session cookies and one-time links.
pub fn new_token() -> String {
    let mut bytes = [0_u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Opens a session for `user_id` inside the caller's transaction and returns the cookie's token.
pub async fn start(
    conn: &mut AnyConnection,
    user_id: Uuid,
    client: &Client,
    now_ms: i64,
) -> Result<String, sqlx::Error> {
    let token = new_token();
    let new = sessions::NewSession {
        token_hash: &hash_token(&token),
        user_id,
        ip: client.ip.as_deref(),
        user_agent: client.user_agent.as_deref(),
    };
    sessions::insert(conn, &new, now_ms).await?;
    Ok(token)
}

/// A live session: whose it is, and which one (so "log out other sessions" can keep it).
#[derive(Debug, Clone, Copy)]
pub struct Live {
    pub session_id: Uuid,
    pub user_id: Uuid,
}

/// The live session of `token` and its user, or `None` when the token is unknown, its session has
/// timed out (deleted on the spot) or its user may not sign in.
pub async fn resolve(
    db: &Db,
    token: &str,
    now_ms: i64,
) -> Result<Option<(Live, CurrentUser)>, sqlx::Error> {
    let Some((session, user)) = sessions::find_with_user(db, token, now_ms).await? else {
        return Ok(None);
    };
    let idle = now_ms - session.last_seen_at > IDLE_TIMEOUT_MS;
    let too_old = now_ms - session.created_at > ABSOLUTE_TIMEOUT_MS;
    // The writes are boxed: rare, and their futures would otherwise be part of every request's.
    if idle || too_old {
        Box::pin(sessions::delete(db, token)).await?;
        return Ok(None);
    }
    if now_ms - session.last_seen_at > TOUCH_INTERVAL_MS {
        Box::pin(sessions::touch(db, token, now_ms)).await?;
    }
    let live = Live {
        session_id: session.id,
        user_id: session.user_id,
    };
    Ok(Some((live, user)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_random_bits_and_never_repeat() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(URL_SAFE_NO_PAD.decode(&a).unwrap().len(), 32);
        assert_ne!(a, b);
    }

    #[test]
    fn the_stored_hash_is_sha256_in_hex() {
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
