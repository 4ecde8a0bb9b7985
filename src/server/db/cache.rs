//! Answers that nearly every request asks for and that rarely change (a session with its user and
//! places, a page of the Users list), kept in memory until anything they are read from changes.
//!
//! Only with SQLite, which one instance serves: every write goes through this process, in a
//! transaction that moves an epoch on as it commits, before its request is answered
//! ([`super::WriteTx::commit`]; a session's own use and time-out drop just its answer). An answer is
//! kept for the epoch it was read in and for [`MAX_AGE`] at most, which bounds what no write of ours
//! announces: an operator command run beside the server, a membership's end date passing.
//!
//! Not with PostgreSQL: there a change made through another instance would reach this one only
//! through a notification that may come after the next request, and a change counts on the next
//! request through any instance (DESIGN.md). Every answer is read from the database there.

use super::client_users::{ClientUserPage, ClientUsersQuery};
use super::sessions::SessionRow;
use crate::domain::CurrentUser;
use std::borrow::Borrow;
use std::collections::HashMap;
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
    /// `kept`: whether answers may be kept at all (one instance hears of every change).
    pub fn new(kept: bool) -> Self {
        Reads {
            epoch: Epoch {
                changes: AtomicU64::new(0),
                kept,
            },
            sessions: Cached::default(),
            client_users: Cached::default(),
        }
    }
}

/// The number of changes seen so far.
#[derive(Debug)]
pub struct Epoch {
    changes: AtomicU64,
    kept: bool,
}

impl Epoch {
    /// The epoch to read in, or `None` when answers are not kept.
    pub fn now(&self) -> Option<u64> {
        self.kept.then(|| self.changes.load(Ordering::Acquire))
    }

    /// Everything read before this call is out of date.
    pub fn advance(&self) {
        self.changes.fetch_add(1, Ordering::AcqRel);
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
        if epoch.now() != Some(read_in) {
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

    fn now(epoch: &Epoch) -> u64 {
        epoch.now().expect("this epoch hears every change")
    }

    #[test]
    fn an_answer_is_served_until_the_epoch_moves_on() {
        let (epoch, cached) = (Reads::new(true).epoch, Cached::<&str, i32>::default());
        let read_in = now(&epoch);
        cached.put(&epoch, read_in, "a", 1);
        assert_eq!(cached.get(now(&epoch), &"a"), Some(1));
        epoch.advance();
        assert_eq!(cached.get(now(&epoch), &"a"), None);
    }

    #[test]
    fn an_answer_read_before_a_change_is_not_kept() {
        let (epoch, cached) = (Reads::new(true).epoch, Cached::<&str, i32>::default());
        let read_in = now(&epoch);
        epoch.advance(); // a write commits while the read is under way
        cached.put(&epoch, read_in, "a", 1);
        assert_eq!(cached.get(read_in, &"a"), None);
        assert_eq!(cached.get(now(&epoch), &"a"), None);
    }

    #[test]
    fn a_forgotten_answer_is_read_again() {
        let (epoch, cached) = (Reads::new(true).epoch, Cached::<&str, i32>::default());
        cached.put(&epoch, now(&epoch), "a", 1);
        cached.put(&epoch, now(&epoch), "b", 2);
        cached.forget(&"a");
        assert_eq!(cached.get(now(&epoch), &"a"), None);
        assert_eq!(cached.get(now(&epoch), &"b"), Some(2));
    }

    #[test]
    fn answers_grow_old() {
        let (epoch, cached) = (Reads::new(true).epoch, Cached::<&str, i32>::default());
        cached.put(&epoch, now(&epoch), "a", 1);
        cached.generation.write().unwrap().born -= MAX_AGE;
        assert_eq!(cached.get(now(&epoch), &"a"), None);
    }

    #[test]
    fn nothing_is_kept_where_answers_are_not_kept() {
        let (epoch, cached) = (Reads::new(false).epoch, Cached::<&str, i32>::default());
        assert_eq!(epoch.now(), None);
        cached.put(&epoch, 0, "a", 1);
        assert_eq!(cached.get(0, &"a"), None);
    }
}
