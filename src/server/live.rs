//! Live updates across instances: a change is announced once and reaches every instance's
//! subscribers. With PostgreSQL through LISTEN/NOTIFY (any instance may have made it); with SQLite
//! (one instance) through an in-process broadcast.

use super::db::Db;
use crate::domain::LiveChange;
use tokio::sync::{broadcast, watch};

const CHANNEL: &str = "switchboard_live";
/// Changes a slow subscriber may fall behind by before it is told to load everything again.
const BACKLOG: usize = 256;

#[derive(Clone, Debug)]
pub struct Live {
    local: broadcast::Sender<LiveChange>,
    /// Set when the database is PostgreSQL: changes go through NOTIFY, and a listener brings them in.
    postgres_url: Option<String>,
    stop: watch::Receiver<bool>,
}

impl Live {
    pub fn new(database_url: &str, stop: watch::Receiver<bool>) -> Self {
        let postgres = database_url.starts_with("postgres");
        Live {
            local: broadcast::channel(BACKLOG).0,
            postgres_url: postgres.then(|| database_url.to_owned()),
            stop,
        }
    }

    /// Announces a committed change to every instance.
    pub async fn publish(&self, db: &Db, change: LiveChange) {
        let Some(_) = &self.postgres_url else {
            // Nobody listening is fine: no browser shows anything it touches.
            let _ = self.local.send(change);
            return;
        };
        let payload = match serde_json::to_string(&change) {
            Ok(payload) => payload,
            Err(error) => return tracing::error!(%error, "live: cannot encode a change"),
        };
        if let Err(error) = db.notify(CHANNEL, &payload).await {
            // The change itself is committed; browsers see it on their next load.
            tracing::warn!(%error, "live: NOTIFY failed");
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveChange> {
        self.local.subscribe()
    }

    /// Completes when the server begins to stop (open event streams end then).
    pub fn stopping(&self) -> watch::Receiver<bool> {
        self.stop.clone()
    }

    /// With PostgreSQL: listens for every instance's changes and hands them to this one's
    /// subscribers, until the server stops.
    pub fn spawn_listener(&self) -> Option<tokio::task::JoinHandle<()>> {
        let url = self.postgres_url.clone()?;
        let local = self.local.clone();
        let mut stop = self.stop.clone();
        Some(tokio::spawn(async move {
            let mut listener = match sqlx::postgres::PgListener::connect(&url).await {
                Ok(listener) => listener,
                Err(error) => return tracing::error!(%error, "live: cannot connect the listener"),
            };
            if let Err(error) = listener.listen(CHANNEL).await {
                return tracing::error!(%error, "live: cannot LISTEN");
            }
            loop {
                tokio::select! {
                    notification = listener.recv() => match notification {
                        Ok(notification) => match serde_json::from_str(notification.payload()) {
                            Ok(change) => {
                                let _ = local.send(change);
                            }
                            Err(error) => tracing::warn!(%error, "live: an unreadable change"),
                        },
                        // recv reconnects by itself; a failure here is worth a line and a pause.
                        Err(error) => {
                            tracing::warn!(%error, "live: listener interrupted");
                            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                        }
                    },
                    _ = async { let _ = stop.wait_for(|stop| *stop).await; } => break,
                }
            }
        }))
    }
}
