//! Answers that nearly every request asks for and that rarely change (a session with its user and
//! places, a page of the Users list), kept in memory until anything they are read from changes.
//!
//! Every write goes through a transaction that counts a change as it commits ([`super::WriteTx`]),
//! and an answer is kept for the count it was read at ([`Epoch`]):
//! - with SQLite, one instance makes every change and counts them in memory;
//! - with PostgreSQL, several instances share the database, so the count is a row of it, moved on
//!   inside each write transaction and read again for each request. A change made through one
//!   instance counts on the next request through any other (DESIGN.md), at the price of one small
//!   query per request instead of every query the answers took.
//!
//! A session's own use and time-out drop just its answer. An answer is kept for [`MAX_AGE`] at most,
//! which bounds what no write transaction announces: a session used through another instance, a
//! membership's end date passing.

use super::client_users::{ClientUserPage, ClientUsersQuery};
use super::sessions::SessionRow;
use crate::domain::{CurrentUser, DbBackend};
use sqlx::{AnyConnection, AnyPool};
use std::borrow::Borrow;
use std::cell::Cell;
use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{PoisonError, RwLock};
use std::time::{Duration, Instant};

/// How long an answer may be served from memory, however quiet the database.
pub const MAX_AGE: Duration = Duration::from_secs(1);
/// Answers kept at most per kind; a full generation starts again empty.
const MAX_ENTRIES: usize = 4096;

/// What is kept, and the epoch it is kept for.
#[derive(Debug)]
pub struct Reads {
    pub epoch: Epoch,
    /// By the SHA-256 of the session's token: the session and its user with their places.
    pub sessions: Cached<String, (SessionRow, CurrentUser)>,
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

/// The number of changes committed so far.
#[derive(Debug)]
pub enum Epoch {
    /// Counted by this process, which makes every change (SQLite).
    Local(AtomicU64),
    /// Counted in the database, by every instance (PostgreSQL).
    Shared(SharedEpoch),
}

impl Epoch {
    /// The epoch to read in: every change committed before this call is counted in it.
    pub async fn now(&self, pool: &AnyPool) -> Result<u64, sqlx::Error> {
        match self {
            Epoch::Local(changes) => Ok(changes.load(Ordering::Acquire)),
            Epoch::Shared(shared) => {
                shared
                    .now(|| async {
                        let count: i64 = sqlx::query_scalar("SELECT changes FROM change_epoch")
                            .fetch_one(pool)
                            .await?;
                        Ok(count as u64)
                    })
                    .await
            }
        }
    }

    /// Counts the change of the transaction on `conn`, just before it commits; returns the count
    /// it will commit with (PostgreSQL: the row's lock, held until then, puts writers in line).
    pub async fn count(&self, conn: &mut AnyConnection) -> Result<Option<u64>, sqlx::Error> {
        match self {
            Epoch::Local(_) => Ok(None),
            Epoch::Shared(_) => {
                let count: i64 = sqlx::query_scalar(
                    "UPDATE change_epoch SET changes = changes + 1 RETURNING changes",
                )
                .fetch_one(conn)
                .await?;
                Ok(Some(count as u64))
            }
        }
    }

    /// A transaction has committed, or tried to (`ok`: COMMIT succeeded; when it reports an error,
    /// the change may have been made all the same), with the count [`Self::count`] gave: everything
    /// read before it is out of date.
    pub fn committed(&self, count: Option<u64>, ok: bool) {
        match self {
            Epoch::Local(changes) => {
                changes.fetch_add(1, Ordering::AcqRel);
            }
            Epoch::Shared(shared) => {
                let Some(count) = count else { return };
                shared.seen.fetch_max(count, Ordering::AcqRel);
                // The request reads on at its own change's count: every change counted before it
                // has committed, as each held the row until then. After a failed COMMIT, that count
                // may go to another change, so the request reads the count again.
                let _ = REQUEST_COUNT.try_with(|mine| {
                    if mine.get().is_some() {
                        mine.set(ok.then_some(count));
                    }
                });
            }
        }
    }

    /// Whether an answer read in `read_in` may be kept: no later change is known here.
    fn unchanged_since(&self, read_in: u64) -> bool {
        match self {
            Epoch::Local(changes) => changes.load(Ordering::Acquire) == read_in,
            Epoch::Shared(shared) => shared.seen.load(Ordering::Acquire) <= read_in,
        }
    }
}

tokio::task_local! {
    /// The count a request reads its kept answers at (PostgreSQL), once it has read it: the request's
    /// later questions do not wait for another read.
    static REQUEST_COUNT: Cell<Option<u64>>;
}

/// Runs a request's handler with a count of its own ([`REQUEST_COUNT`]). Outside one (a response body
/// streamed after its handler returned, a background job), every question reads the count again.
pub async fn with_request_count<F: Future>(handler: F) -> F::Output {
    REQUEST_COUNT.scope(Cell::new(None), handler).await
}

/// The database's count of changes, read once for all the requests waiting on it: a request may use
/// a read that started after it asked, as that read sees every change committed before.
#[derive(Debug, Default)]
pub struct SharedEpoch {
    /// Reads started so far.
    started: AtomicU64,
    /// The newest read done: its number among those started, and the count it found. Locked while
    /// a read is under way, so the requests that come meanwhile wait for the next one.
    newest: tokio::sync::Mutex<(u64, u64)>,
    /// The highest count seen, in a read or a commit.
    seen: AtomicU64,
}

impl SharedEpoch {
    /// The request's own count when it has one, else a shared `read` of the database's.
    async fn now<F, R>(&self, read: F) -> Result<u64, sqlx::Error>
    where
        F: FnOnce() -> R,
        R: Future<Output = Result<u64, sqlx::Error>>,
    {
        if let Ok(Some(count)) = REQUEST_COUNT.try_with(Cell::get) {
            return Ok(count);
        }
        let count = self.read(read).await?;
        let _ = REQUEST_COUNT.try_with(|mine| mine.set(Some(count)));
        Ok(count)
    }

    async fn read<F, R>(&self, read: F) -> Result<u64, sqlx::Error>
    where
        F: FnOnce() -> R,
        R: Future<Output = Result<u64, sqlx::Error>>,
    {
        let asked = self.started.load(Ordering::Acquire);
        let mut newest = self.newest.lock().await;
        if newest.0 > asked {
            return Ok(newest.1);
        }
        let number = self.started.fetch_add(1, Ordering::AcqRel) + 1;
        let count = read().await?;
        *newest = (number, count);
        self.seen.fetch_max(count, Ordering::AcqRel);
        Ok(count)
    }
}

/// Answers of one epoch, dropped together when the epoch moves on or they grow old.
#[derive(Debug)]
pub struct Cached<K, V> {
    generation: RwLock<Generation<K, V>>,
}

#[derive(Debug)]
struct Generation<K, V> {
    epoch: u64,
    born: Instant,
    entries: HashMap<K, V>,
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
    /// The answer for `key` read in epoch `epoch`, when there is one young enough.
    pub fn get<Q: Eq + Hash + ?Sized>(&self, epoch: u64, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let generation = self
            .generation
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        if generation.epoch != epoch || generation.born.elapsed() >= MAX_AGE {
            return None;
        }
        generation.entries.get(key).cloned()
    }

    /// Keeps `value`, read from the database after `read_in` was taken from `epoch`, unless a
    /// change has come in since (the value may predate it).
    pub fn put(&self, epoch: &Epoch, read_in: u64, key: K, value: V) {
        if !epoch.unchanged_since(read_in) {
            return;
        }
        let mut generation = self
            .generation
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if generation.epoch != read_in
            || generation.born.elapsed() >= MAX_AGE
            || generation.entries.len() >= MAX_ENTRIES
        {
            *generation = Generation {
                epoch: read_in,
                born: Instant::now(),
                entries: HashMap::new(),
            };
        }
        generation.entries.insert(key, value);
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
    use std::sync::Arc;

    fn local() -> Epoch {
        Reads::new(DbBackend::Sqlite).epoch
    }

    fn now(epoch: &Epoch) -> u64 {
        match epoch {
            Epoch::Local(changes) => changes.load(Ordering::Acquire),
            Epoch::Shared(_) => unreachable!("these tests count changes in memory"),
        }
    }

    #[test]
    fn an_answer_is_served_until_the_epoch_moves_on() {
        let (epoch, cached) = (local(), Cached::<&str, i32>::default());
        let read_in = now(&epoch);
        cached.put(&epoch, read_in, "a", 1);
        assert_eq!(cached.get(now(&epoch), &"a"), Some(1));
        epoch.committed(None, true);
        assert_eq!(cached.get(now(&epoch), &"a"), None);
    }

    #[test]
    fn an_answer_read_before_a_change_is_not_kept() {
        let (epoch, cached) = (local(), Cached::<&str, i32>::default());
        let read_in = now(&epoch);
        epoch.committed(None, true); // a write commits while the read is under way
        cached.put(&epoch, read_in, "a", 1);
        assert_eq!(cached.get(read_in, &"a"), None);
        assert_eq!(cached.get(now(&epoch), &"a"), None);
    }

    #[test]
    fn a_forgotten_answer_is_read_again() {
        let (epoch, cached) = (local(), Cached::<&str, i32>::default());
        cached.put(&epoch, now(&epoch), "a", 1);
        cached.put(&epoch, now(&epoch), "b", 2);
        cached.forget(&"a");
        assert_eq!(cached.get(now(&epoch), &"a"), None);
        assert_eq!(cached.get(now(&epoch), &"b"), Some(2));
    }

    #[test]
    fn answers_grow_old() {
        let (epoch, cached) = (local(), Cached::<&str, i32>::default());
        cached.put(&epoch, now(&epoch), "a", 1);
        cached.generation.write().unwrap().born -= MAX_AGE;
        assert_eq!(cached.get(now(&epoch), &"a"), None);
    }

    #[test]
    fn an_answer_read_before_a_change_committed_here_is_not_kept_with_a_shared_count() {
        let (epoch, cached) = (Epoch::Shared(SharedEpoch::default()), Cached::default());
        epoch.committed(Some(5), true);
        cached.put(&epoch, 4, "old", 1);
        cached.put(&epoch, 5, "new", 2);
        assert_eq!(cached.get(4, &"old"), None);
        assert_eq!(cached.get(5, &"new"), Some(2));
    }

    /// A read of the shared count that finds `count`, counted in `reads`, and held until `release`
    /// fires when one is given.
    fn read_of(
        reads: &Arc<AtomicU64>,
        count: u64,
        release: Option<tokio::sync::oneshot::Receiver<()>>,
    ) -> impl FnOnce() -> std::pin::Pin<Box<dyn Future<Output = Result<u64, sqlx::Error>> + Send>>
    {
        let reads = reads.clone();
        move || {
            Box::pin(async move {
                reads.fetch_add(1, Ordering::AcqRel);
                if let Some(release) = release {
                    release.await.expect("the test releases the read");
                }
                Ok(count)
            })
        }
    }

    async fn let_others_run() {
        for _ in 0..4 {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test]
    async fn requests_that_ask_during_a_read_wait_for_the_next_and_share_it() {
        let (shared, reads) = (
            Arc::new(SharedEpoch::default()),
            Arc::new(AtomicU64::new(0)),
        );
        let (release, held) = tokio::sync::oneshot::channel();
        let first = tokio::spawn({
            let (shared, read) = (shared.clone(), read_of(&reads, 1, Some(held)));
            async move { shared.read(read).await }
        });
        let_others_run().await;
        // Two requests ask while that read is under way: it may predate a change they must see.
        let later: Vec<_> = (0..2)
            .map(|_| {
                let (shared, read) = (shared.clone(), read_of(&reads, 2, None));
                tokio::spawn(async move { shared.read(read).await })
            })
            .collect();
        let_others_run().await;
        release.send(()).unwrap();

        assert_eq!(first.await.unwrap().unwrap(), 1);
        for request in later {
            assert_eq!(request.await.unwrap().unwrap(), 2);
        }
        assert_eq!(
            reads.load(Ordering::Acquire),
            2,
            "one read for both later requests"
        );
    }

    #[tokio::test]
    async fn a_request_reads_the_count_once_and_reads_on_at_its_own_changes() {
        let epoch = Epoch::Shared(SharedEpoch::default());
        let Epoch::Shared(shared) = &epoch else {
            unreachable!()
        };
        let reads = Arc::new(AtomicU64::new(0));
        with_request_count(async {
            assert_eq!(shared.now(read_of(&reads, 1, None)).await.unwrap(), 1);
            assert_eq!(shared.now(read_of(&reads, 2, None)).await.unwrap(), 1);
            assert_eq!(reads.load(Ordering::Acquire), 1, "one read per request");
            epoch.committed(Some(3), true);
            assert_eq!(shared.now(read_of(&reads, 9, None)).await.unwrap(), 3);
            epoch.committed(Some(4), false); // COMMIT failed: count 4 may go to another change
            assert_eq!(shared.now(read_of(&reads, 5, None)).await.unwrap(), 5);
        })
        .await;
        assert_eq!(reads.load(Ordering::Acquire), 2);
        // Outside a request, every question reads.
        assert_eq!(shared.now(read_of(&reads, 6, None)).await.unwrap(), 6);
        assert_eq!(shared.now(read_of(&reads, 7, None)).await.unwrap(), 7);
    }
}
