//! The count of changes committed so far, which the answers kept in memory are kept for
//! (`cache.rs`): in this process with SQLite, in a row of the database with PostgreSQL.

use sqlx::{AnyConnection, AnyPool, Connection};
use std::cell::Cell;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

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
            // Boxed, as a query's future is large and SQLite's requests would carry it too.
            Epoch::Shared(shared) => Box::pin(shared.now(|| shared.read_count(pool))).await,
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
    pub(super) fn unchanged_since(&self, read_in: u64) -> bool {
        match self {
            Epoch::Local(changes) => changes.load(Ordering::Acquire) == read_in,
            Epoch::Shared(shared) => shared.seen.load(Ordering::Acquire) <= read_in,
        }
    }
}

async fn count_on(connection: &mut AnyConnection) -> Result<u64, sqlx::Error> {
    let count: i64 = sqlx::query_scalar("SELECT changes FROM change_epoch")
        .fetch_one(connection)
        .await?;
    Ok(count as u64)
}

tokio::task_local! {
    /// The count a request reads its kept answers at (PostgreSQL), once it has read it: the
    /// request's later questions do not wait for another read.
    static REQUEST_COUNT: Cell<Option<u64>>;
}

/// Runs a request's handler with a count of its own ([`REQUEST_COUNT`]). Outside one (a response
/// body streamed after its handler returned, a background job), every question reads the count
/// again.
pub async fn with_request_count<F: Future>(handler: F) -> F::Output {
    REQUEST_COUNT.scope(Cell::new(None), handler).await
}

/// The database's count of changes, read once for all the requests waiting on it: a request may use
/// a read that started after it asked, as that read sees every change committed before.
#[derive(Default)]
pub struct SharedEpoch {
    /// Reads started so far.
    started: AtomicU64,
    /// The newest read done: its number among those started, and the count it found. Locked while
    /// a read is under way, so the requests that come meanwhile wait for the next one.
    newest: tokio::sync::Mutex<(u64, u64)>,
    /// The highest count seen, in a read or a commit.
    seen: AtomicU64,
    /// The connection the count is read on, between reads. Not the pool's: sqlx pings each
    /// connection given back to a pool, a second round trip for every read.
    connection: Mutex<Option<AnyConnection>>,
}

impl std::fmt::Debug for SharedEpoch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedEpoch")
            .field("seen", &self.seen)
            .finish_non_exhaustive()
    }
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

    /// The database's count, on the epoch's own connection (opened with the pool's options when
    /// there is none). Reads never overlap: [`Self::read`] makes one at a time.
    async fn read_count(&self, pool: &AnyPool) -> Result<u64, sqlx::Error> {
        // Taken out while in use: a read cancelled midway drops the connection with it, rather
        // than leave it mid-exchange for the next; so does a failed one.
        let kept = self.kept().take();
        if let Some(mut connection) = kept {
            if let Ok(count) = count_on(&mut connection).await {
                self.keep(connection);
                return Ok(count);
            }
            // The server may have closed it while it sat unused: once more on a new one.
        }
        let mut connection = AnyConnection::connect_with(&pool.connect_options()).await?;
        let count = count_on(&mut connection).await?;
        self.keep(connection);
        Ok(count)
    }

    fn keep(&self, connection: AnyConnection) {
        *self.kept() = Some(connection);
    }

    fn kept(&self) -> MutexGuard<'_, Option<AnyConnection>> {
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Closes the epoch's connection, if open.
    pub async fn close(&self) {
        let kept = self.kept().take();
        if let Some(connection) = kept {
            let _ = connection.close().await;
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

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
