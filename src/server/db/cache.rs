//! Answers that nearly every request asks for and that rarely change (a session with its user and
//! places, a page of the Users list), kept in memory until anything they are read from changes.
//!
//! Every write goes through a transaction that counts a change as it commits ([`super::WriteTx`]),
//! and an answer is kept for the count it was read at ([`Epoch`], `epoch.rs`):
//! - with SQLite, one instance makes every change and counts them in memory;
//! - with PostgreSQL, several instances share the database, so the count is a row of it, moved on
//!   inside each write transaction and read again for each request. A change made through one
//!   instance counts on the next request through any other (DESIGN.md), at the price of one small
//!   query per request instead of every query the answers took.
//!
//! A session's own use and time-out drop just its answer. An answer is kept for [`MAX_AGE`] at
//! most, which bounds what no write transaction announces: a session used through another
//! instance, a membership's end date passing.

use super::client_users::{ClientUserPage, ClientUsersQuery};
use super::epoch::{Epoch, SharedEpoch};
use super::sessions::SessionRow;
use crate::domain::{CurrentUser, DbBackend};
use std::borrow::Borrow;
use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::OnceCell;

/// How long an answer may be served from memory, however quiet the database.
pub const MAX_AGE: Duration = Duration::from_secs(1);
/// Answers kept at most per kind; a full generation starts again empty.
const MAX_ENTRIES: usize = 4096;

/// What is kept, and the epoch it is kept for.
#[derive(Debug)]
pub struct Reads {
    pub epoch: Epoch,
    /// By the session's token (as the cookie has it; the database holds only its SHA-256): the
    /// session and its user with their places, or that there is none (a made-up token is then
    /// answered without a query each time). Kept for a second at most, in this process only.
    pub sessions: Cached<String, Option<(SessionRow, CurrentUser)>>,
    /// Pages of the Users page's list of client users.
    pub client_users: Cached<ClientUsersQuery, ClientUserPage>,
}

impl Reads {
    pub fn new(backend: DbBackend) -> Self {
        Reads {
            epoch: match backend {
                DbBackend::Sqlite => Epoch::Local(AtomicU64::new(0)),
                DbBackend::Postgres => Epoch::Shared(SharedEpoch::default()),
            },
            sessions: Cached::default(),
            client_users: Cached::default(),
        }
    }
}

/// Answers of one epoch, dropped together when the epoch moves on or they grow old.
///
/// Each answer is a cell that the first request to miss it fills, while the requests that miss it
/// meanwhile wait for that read rather than make their own: each time the answers grew old (every
/// second under load), every request under way read the database at once, 64 of them under wrk,
/// and their queue was the slowest hundredth of all requests.
#[derive(Debug)]
pub struct Cached<K, V> {
    generation: RwLock<Generation<K, V>>,
}

#[derive(Debug)]
struct Generation<K, V> {
    epoch: u64,
    born: Instant,
    entries: HashMap<K, Arc<OnceCell<V>>>,
}

impl<K, V> Generation<K, V> {
    fn serves(&self, epoch: u64) -> bool {
        self.epoch == epoch && self.born.elapsed() < MAX_AGE
    }
}

impl<K, V> Default for Cached<K, V> {
    fn default() -> Self {
        Cached {
            generation: RwLock::new(Generation {
                epoch: u64::MAX,
                born: Instant::now(),
                entries: HashMap::new(),
            }),
        }
    }
}

impl<K: Eq + Hash, V: Clone> Cached<K, V> {
    /// The answer for `key` in epoch `read_in` (taken from `epoch` before asking): the one kept, the
    /// one another request is reading, or else what `read` reads from the database, kept for the
    /// requests that follow. A read that fails keeps nothing; the next request reads again.
    pub async fn get_or_read<Q, F, R, E>(
        &self,
        epoch: &Epoch,
        read_in: u64,
        key: &Q,
        read: F,
    ) -> Result<V, E>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ToOwned<Owned = K> + ?Sized,
        F: FnOnce() -> R,
        R: Future<Output = Result<V, E>>,
    {
        // The read's future (queries') is boxed: inline, it would make every request's future
        // larger, and be copied with it each time that moves, though nearly all find the answer.
        match self.cell(epoch, read_in, key) {
            Some(cell) => cell.get_or_try_init(|| Box::pin(read())).await.cloned(),
            None => Box::pin(read()).await,
        }
    }

    /// The cell of `key` in epoch `read_in`, made when missing; none when a change has come in
    /// since `read_in` was taken, as nothing read for it may be kept.
    fn cell<Q>(&self, epoch: &Epoch, read_in: u64, key: &Q) -> Option<Arc<OnceCell<V>>>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ToOwned<Owned = K> + ?Sized,
    {
        {
            let generation = self
                .generation
                .read()
                .unwrap_or_else(PoisonError::into_inner);
            if generation.serves(read_in) {
                if let Some(cell) = generation.entries.get(key) {
                    return Some(cell.clone());
                }
            }
        }
        if !epoch.unchanged_since(read_in) {
            return None;
        }
        let mut generation = self
            .generation
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if !generation.serves(read_in) || generation.entries.len() >= MAX_ENTRIES {
            *generation = Generation {
                epoch: read_in,
                born: Instant::now(),
                entries: HashMap::new(),
            };
        }
        let cell = match generation.entries.get(key) {
            Some(cell) => cell.clone(),
            None => {
                let cell = Arc::new(OnceCell::new());
                generation.entries.insert(key.to_owned(), cell.clone());
                cell
            }
        };
        Some(cell)
    }

    /// Drops the answer for `key`: its own row changed in a way no one else needs to hear of.
    pub fn forget<Q: Eq + Hash + ?Sized>(&self, key: &Q)
    where
        K: Borrow<Q>,
    {
        self.generation
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .entries
            .remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn local() -> Epoch {
        Reads::new(DbBackend::Sqlite).epoch
    }

    fn now(epoch: &Epoch) -> u64 {
        match epoch {
            Epoch::Local(changes) => changes.load(Ordering::Acquire),
            Epoch::Shared(_) => unreachable!("these tests count changes in memory"),
        }
    }

    /// The answer for `key` in `read_in`, where a read from the database would find `value`.
    async fn answer(
        cached: &Cached<&'static str, i32>,
        epoch: &Epoch,
        read_in: u64,
        key: &'static str,
        value: i32,
    ) -> i32 {
        let read = || async move { Ok::<_, ()>(value) };
        cached
            .get_or_read(epoch, read_in, &key, read)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn an_answer_is_served_until_the_epoch_moves_on() {
        let (epoch, cached) = (local(), Cached::default());
        assert_eq!(answer(&cached, &epoch, now(&epoch), "a", 1).await, 1);
        assert_eq!(answer(&cached, &epoch, now(&epoch), "a", 2).await, 1);
        epoch.committed(None, true);
        assert_eq!(answer(&cached, &epoch, now(&epoch), "a", 3).await, 3);
    }

    #[tokio::test]
    async fn an_answer_read_in_a_past_epoch_is_not_kept() {
        let (epoch, cached) = (local(), Cached::default());
        let read_in = now(&epoch);
        epoch.committed(None, true); // a write commits before the request reads
        assert_eq!(answer(&cached, &epoch, read_in, "a", 1).await, 1);
        assert_eq!(answer(&cached, &epoch, read_in, "a", 2).await, 2);
        assert_eq!(answer(&cached, &epoch, now(&epoch), "a", 3).await, 3);
    }

    #[tokio::test]
    async fn a_forgotten_answer_is_read_again() {
        let (epoch, cached) = (local(), Cached::default());
        answer(&cached, &epoch, now(&epoch), "a", 1).await;
        answer(&cached, &epoch, now(&epoch), "b", 2).await;
        cached.forget(&"a");
        assert_eq!(answer(&cached, &epoch, now(&epoch), "a", 3).await, 3);
        assert_eq!(answer(&cached, &epoch, now(&epoch), "b", 4).await, 2);
    }

    #[tokio::test]
    async fn answers_grow_old() {
        let (epoch, cached) = (local(), Cached::default());
        answer(&cached, &epoch, now(&epoch), "a", 1).await;
        cached.generation.write().unwrap().born -= MAX_AGE;
        assert_eq!(answer(&cached, &epoch, now(&epoch), "a", 2).await, 2);
    }

    #[tokio::test]
    async fn requests_that_miss_together_share_one_read() {
        let (epoch, cached) = (local(), Cached::<&str, i32>::default());
        let reads = AtomicUsize::new(0);
        let read = || async {
            reads.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(20)).await;
            Ok::<_, ()>(7)
        };
        let asks = (0..64).map(|_| cached.get_or_read(&epoch, now(&epoch), &"a", read));
        let answers = futures_util::future::join_all(asks).await;
        assert!(answers.iter().all(|answer| *answer == Ok(7)));
        assert_eq!(reads.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_failed_read_keeps_nothing() {
        let (epoch, cached) = (local(), Cached::<&str, i32>::default());
        let failed = cached
            .get_or_read(&epoch, now(&epoch), &"a", || async { Err("gone") })
            .await;
        assert_eq!(failed, Err("gone"));
        assert_eq!(answer(&cached, &epoch, now(&epoch), "a", 1).await, 1);
    }

    #[tokio::test]
    async fn an_answer_read_before_a_change_committed_here_is_not_kept_with_a_shared_count() {
        let (epoch, cached) = (Epoch::Shared(SharedEpoch::default()), Cached::default());
        epoch.committed(Some(5), true);
        assert_eq!(answer(&cached, &epoch, 4, "old", 1).await, 1);
        assert_eq!(answer(&cached, &epoch, 4, "old", 2).await, 2);
        assert_eq!(answer(&cached, &epoch, 5, "new", 3).await, 3);
        assert_eq!(answer(&cached, &epoch, 5, "new", 4).await, 3);
    }
}
