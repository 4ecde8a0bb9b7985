//! Answers that nearly every request asks for and that rarely change (a session with its user and
//! places, a page of the Users list), kept in memory until anything they are read from changes.
//!
//! One epoch counts the changes. Every committed write of this instance moves it on before its
//! request is answered ([`super::WriteTx::commit`]; writes outside a transaction say so with
//! [`super::Db::wrote`]). With PostgreSQL, a trigger on each table these answers are read from
//! notifies every instance, whose listener moves its epoch on (`server/live.rs`), so a change made
//! through any instance counts on the next request everywhere. An answer is kept for the epoch it
//! was read in and for [`MAX_AGE`] at most: that bounds what nothing announces, such as a write by
//! the operator commands on SQLite, a membership's end date passing, or a notification lost with
//! its connection.

use super::client_users::ClientUsersQuery;
use super::sessions::SessionRow;
use crate::domain::{ClientUser, CurrentUser};
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
#[derive(Debug, Default)]
pub struct Reads {
    pub epoch: Epoch,
    /// By the SHA-256 of the session's token: the session and its user with their places.
    pub sessions: Cached<String, (SessionRow, CurrentUser)>,
    /// Pages of the Users page's list of client users.
    pub client_users:
        Cached<ClientUsersQuery, Vec<(super::client_users::ClientUserPosition, ClientUser)>>,
}

/// The number of changes seen so far.
#[derive(Debug, Default)]
pub struct Epoch(AtomicU64);

impl Epoch {
    pub fn now(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    /// Everything read before this call is out of date.
    pub fn advance(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
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
        if epoch.now() != read_in {
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

    #[test]
    fn an_answer_is_served_until_the_epoch_moves_on() {
        let (epoch, cached) = (Epoch::default(), Cached::<&str, i32>::default());
        let read_in = epoch.now();
        cached.put(&epoch, read_in, "a", 1);
        assert_eq!(cached.get(epoch.now(), &"a"), Some(1));
        epoch.advance();
        assert_eq!(cached.get(epoch.now(), &"a"), None);
    }

    #[test]
    fn an_answer_read_before_a_change_is_not_kept() {
        let (epoch, cached) = (Epoch::default(), Cached::<&str, i32>::default());
        let read_in = epoch.now();
        epoch.advance(); // a write commits while the read is under way
        cached.put(&epoch, read_in, "a", 1);
        assert_eq!(cached.get(read_in, &"a"), None);
        assert_eq!(cached.get(epoch.now(), &"a"), None);
    }

    #[test]
    fn a_forgotten_answer_is_read_again() {
        let (epoch, cached) = (Epoch::default(), Cached::<&str, i32>::default());
        cached.put(&epoch, epoch.now(), "a", 1);
        cached.put(&epoch, epoch.now(), "b", 2);
        cached.forget(&"a");
        assert_eq!(cached.get(epoch.now(), &"a"), None);
        assert_eq!(cached.get(epoch.now(), &"b"), Some(2));
    }

    #[test]
    fn answers_grow_old() {
        let (epoch, cached) = (Epoch::default(), Cached::<&str, i32>::default());
        cached.put(&epoch, epoch.now(), "a", 1);
        cached.generation.write().unwrap().born -= MAX_AGE;
        assert_eq!(cached.get(epoch.now(), &"a"), None);
    }
}
