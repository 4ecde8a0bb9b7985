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
use std::hash::Hash;
use std::sync::atomic::AtomicU64;
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
    use std::sync::atomic::Ordering;

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
}
