//! Password hashing: argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane), on threads of
//! its own at a lower priority, so a burst of log-ins neither stalls the async workers nor slows
//! the requests served meanwhile, and never on every core at once.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::collections::HashSet;
use std::sync::LazyLock;

use crate::domain::AppError;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).expect("OWASP argon2id parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Verified when the email is unknown, so that answer takes as long as a wrong password.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(b"no user has this password", &salt)
        .expect("hashing a constant succeeds")
        .to_string()
});

/// The niceness of the hashing threads. A log-in waits longer when the server is busy; the reads
/// served meanwhile go first (reads' p99 during 50 log-ins, `bench/http.sh`).
const HASHING_NICENESS: libc::c_int = 10;

/// Threads that hash: all cores but one, so a burst of log-ins queues here instead of taking every
/// core (and 19 MiB each) from the requests being served meanwhile.
static HASHING: LazyLock<rayon::ThreadPool> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    rayon::ThreadPoolBuilder::new()
        .num_threads(cores.saturating_sub(1).max(1))
        .thread_name(|n| format!("argon2-{n}"))
        // Without a handler a panic in a job aborts the process; with one, the job's answer is
        // dropped and its request fails on its own ("hashing task failed").
        .panic_handler(|_| tracing::error!("a password hashing job panicked"))
        .start_handler(|_| {
            // On Linux a thread has a niceness of its own; this sets the calling thread's.
            // SAFETY: setpriority reads no memory of ours.
            unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, HASHING_NICENESS) };
        })
        .build()
        .expect("the hashing threads start")
});

/// Runs one argon2 computation on a hashing thread once one is free.
async fn on_hashing_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let (done, result) = tokio::sync::oneshot::channel();
    HASHING.spawn(move || {
        // The request may have gone meanwhile; then nobody needs the answer.
        let _ = done.send(work());
    });
    result
        .await
        .map_err(|error| internal("hashing task failed", &error))
}

pub async fn hash(password: String) -> Result<String, AppError> {
    on_hashing_thread(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await?
    .map_err(|error| internal("hashing failed", &error))
}

/// True when `password` matches `stored`; with no stored hash it checks a dummy and says false.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    on_hashing_thread(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let parsed = PasswordHash::new(&stored)
            .map_err(|error| internal("stored hash is unreadable", &error))?;
        let matches = argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(known && matches)
    })
    .await?
}

/// The 10,000 passwords attackers try first (see common-passwords.NOTICE), lower-cased.
static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("common-passwords.txt").lines().collect());

/// True for a password on the common list, whatever its case.
pub fn is_common(password: &str) -> bool {
    COMMON.contains(password.to_lowercase().as_str())
}

/// The server's last word on a new password: the shared length rule, then the common list.
pub fn check_new(password: &str) -> Result<(), AppError> {
    crate::domain::check_new_password(password)
        .map_err(|message| AppError::field("password", message))?;
    if is_common(password) {
        return Err(AppError::field(
            "password",
            "This is one of the most common passwords, the first ones attackers try. Choose another.",
        ));
    }
    Ok(())
}

fn internal(what: &str, error: &dyn std::fmt::Display) -> AppError {
    tracing::error!(%error, "{what}");
    AppError::Internal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_own_password_only() {
        let stored = hash("correct horse battery".into()).await.unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(verify("correct horse battery".into(), Some(stored.clone()))
            .await
            .unwrap());
        assert!(!verify("correct horse battery ".into(), Some(stored))
            .await
            .unwrap());
    }

    #[test]
    fn the_most_common_passwords_are_refused_in_any_case() {
        assert_eq!(COMMON.len(), 10_000);
        for common in [
            "123456", "password", "Password", "qwerty", "letmein", "iloveyou",
        ] {
            assert!(check_new(common).is_err(), "{common} was accepted");
        }
        assert!(check_new("correct horse battery").is_ok());
        assert_eq!(
            check_new("password").unwrap_err().message_for("password").as_deref(),
            Some("This is one of the most common passwords, the first ones attackers try. Choose another.")
        );
    }

    #[tokio::test]
    async fn an_unknown_user_never_verifies() {
        assert!(!verify("no user has this password".into(), None)
            .await
            .unwrap());
    }

    #[tokio::test]
    async fn long_passwords_are_not_truncated() {
        let long = "x".repeat(1024);
        let stored = hash(long.clone()).await.unwrap();
        let mut almost = long.clone();
        almost.replace_range(1023.., "y");
        assert!(verify(long, Some(stored.clone())).await.unwrap());
        assert!(!verify(almost, Some(stored)).await.unwrap());
    }
}
