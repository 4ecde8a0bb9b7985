//! Opening the pool, migrating, and starting transactions that write.

use super::cache::Reads;
use super::epoch::Epoch;
use crate::domain::DbBackend;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyConnection, AnyPool, Connection, Executor, Transaction};
use std::ops::{Deref, DerefMut};
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Per-connection SQLite settings: `busy_timeout` makes a second writer wait instead of failing,
/// SQLite leaves foreign keys off unless asked, and NORMAL sync is durable enough under WAL.
const SQLITE_CONNECTION_PRAGMAS: &str = "PRAGMA busy_timeout = 5000; \
                                         PRAGMA foreign_keys = ON; \
                                         PRAGMA synchronous = NORMAL;";

/// A PostgreSQL connection left unused this long is pinged before its next query.
const PING_AFTER_IDLE: Duration = Duration::from_secs(10);

/// A pool of connections, the backend behind it, and the answers kept from it. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: DbBackend,
    reads: Arc<Reads>,
}

/// A transaction that writes. Committing it counts a change for the read cache (`cache.rs`), before
/// anyone hears of it.
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    reads: Arc<Reads>,
}

impl WriteTx {
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        let count = self.reads.epoch.count(&mut self.tx).await?;
        let committed = self.tx.commit().await;
        self.reads.epoch.committed(count, committed.is_ok());
        committed
    }
}

/// Queries run on the transaction's connection, as with sqlx's own `Transaction`.
impl Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

impl Db {
    /// Connects to `sqlite://…` (creating the file and its folder) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = backend_of(url)?;
        let url = match backend {
            DbBackend::Sqlite => prepare_sqlite(url).await?,
            DbBackend::Postgres => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let mut pool_options = AnyPoolOptions::new()
            .max_connections(match backend {
                DbBackend::Sqlite => 8,
                DbBackend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            // Pinging before every query doubled PostgreSQL's round trips (a ping, then the
            // request's one read of the count of changes) and cost SQLite two thread hand-offs
            // (12 % of the Users page's throughput, bench/http.sh).
            .test_before_acquire(false)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == DbBackend::Sqlite {
                        conn.execute(SQLITE_CONNECTION_PRAGMAS).await?;
                    }
                    Ok(())
                })
            });
        // A PostgreSQL connection that sat unused a while may have been dropped by the server or
        // the network, so such a one is pinged first; a SQLite connection is a file handle that
        // cannot drop.
        if backend == DbBackend::Postgres {
            pool_options = pool_options.before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for >= PING_AFTER_IDLE {
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            });
        }
        let pool = pool_options.connect_with(options).await?;
        if backend == DbBackend::Sqlite {
            // WAL lets readers run beside the writer. It is a property of the file, and switching
            // needs a lock busy_timeout cannot wait for, so it is set once, before the pool is shared.
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await?;
        }
        Ok(Db {
            pool,
            backend,
            reads: Arc::new(Reads::new(backend)),
        })
    }

    pub fn backend(&self) -> DbBackend {
        self.backend
    }

    /// The pool, for the query functions of this module tree.
    pub(super) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The answers kept from this database, for the query functions that keep them.
    pub(super) fn reads(&self) -> &Reads {
        &self.reads
    }

    /// Sends a PostgreSQL notification on `channel` (LISTEN/NOTIFY), to every instance listening.
    pub async fn notify(&self, channel: &str, payload: &str) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(channel)
            .bind(payload)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// One connection of the pool, for query functions that take a connection so that they can
    /// also run inside a transaction.
    pub async fn connection(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>, sqlx::Error> {
        self.pool.acquire().await
    }

    /// Applies the migrations of this backend that have not run yet.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.backend {
            DbBackend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await,
            DbBackend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await,
        }
    }

    /// Starts a transaction that will write. On SQLite it takes the write lock at `BEGIN`
    /// (`BEGIN IMMEDIATE`): a deferred transaction that reads and then writes can fail with
    /// SQLITE_BUSY when it upgrades its lock, and no `busy_timeout` saves it.
    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        let tx = match self.backend {
            DbBackend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            DbBackend::Postgres => self.pool.begin().await?,
        };
        Ok(WriteTx {
            tx,
            reads: self.reads.clone(),
        })
    }

    /// How long the database takes to answer a trivial query.
    pub async fn round_trip(&self) -> Result<Duration, sqlx::Error> {
        let started = Instant::now();
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(started.elapsed())
    }

    /// Version of the newest applied migration.
    pub async fn schema_version(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
            .fetch_one(&self.pool)
            .await
    }

    /// Refreshes the planner's statistics, as a bulk load leaves them stale (PostgreSQL would
    /// otherwise plan for the empty tables it saw last, until autovacuum catches up).
    pub async fn analyze(&self) -> Result<(), sqlx::Error> {
        sqlx::query("ANALYZE").execute(&self.pool).await?;
        Ok(())
    }

    /// Waits for checked-out connections to come back, then closes them all.
    pub async fn close(&self) {
        if let Epoch::Shared(shared) = &self.reads.epoch {
            shared.close().await;
        }
        self.pool.close().await;
    }
}

fn backend_of(url: &str) -> Result<DbBackend, sqlx::Error> {
    if url.starts_with("sqlite:") {
        Ok(DbBackend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(DbBackend::Postgres)
    } else {
        Err(sqlx::Error::Configuration(
            "DATABASE_URL must start with sqlite:// or postgres://".into(),
        ))
    }
}

/// Creates the folder of a SQLite file and asks for the file to be created when missing.
async fn prepare_sqlite(url: &str) -> Result<String, sqlx::Error> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if let Some(parent) = std::path::Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            tokio::fs::create_dir_all(parent).await?;
        }
    }
    let with_mode = if query.split('&').any(|p| p.starts_with("mode=")) {
        url.to_owned()
    } else if query.is_empty() {
        format!("{url}?mode=rwc")
    } else {
        format!("{url}&mode=rwc")
    };
    Ok(with_mode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_picks_the_backend() {
        assert_eq!(backend_of("sqlite://data/x.db").unwrap(), DbBackend::Sqlite);
        assert_eq!(backend_of("sqlite::memory:").unwrap(), DbBackend::Sqlite);
        assert_eq!(
            backend_of("postgres://postgres@localhost/x").unwrap(),
            DbBackend::Postgres
        );
        assert_eq!(
            backend_of("postgresql://localhost/x").unwrap(),
            DbBackend::Postgres
        );
        assert!(backend_of("mysql://localhost/x").is_err());
    }

    #[tokio::test]
    async fn a_sqlite_file_is_created_with_its_folder() {
        let dir = std::env::temp_dir().join(format!("sb-{}", uuid::Uuid::new_v4()));
        let url = format!("sqlite://{}/nested/app.db", dir.display());
        assert_eq!(
            prepare_sqlite(&url).await.unwrap(),
            format!("{url}?mode=rwc")
        );
        assert!(dir.join("nested").is_dir());
        let kept = format!("{url}?mode=ro");
        assert_eq!(prepare_sqlite(&kept).await.unwrap(), kept);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
