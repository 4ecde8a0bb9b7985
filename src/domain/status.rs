//! What the status card shows: which database answers and how quickly.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The database backend, chosen at run time by the scheme of `DATABASE_URL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DbBackend {
    Sqlite,
    Postgres,
}

impl fmt::Display for DbBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DbBackend::Sqlite => "SQLite",
            DbBackend::Postgres => "PostgreSQL",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusReport {
    pub backend: DbBackend,
    /// Version of the newest applied migration.
    pub schema_version: i64,
    /// When this database was first set up, in Unix milliseconds.
    pub installed_at_ms: i64,
    /// Server clock when the report was made, in Unix milliseconds.
    pub checked_at_ms: i64,
    /// Time the database took to answer a query, in microseconds.
    pub db_round_trip_us: i64,
}
