//! Live updates in the browser: one event stream (`/live`) per signed-in browser, reconnected with
//! back-off, turned into counters that lists and the switch tree load again on.

use super::auth::use_auth;
#[cfg(feature = "hydrate")]
use crate::domain::LiveChange;
use crate::domain::Topic;
use leptos::prelude::*;

/// Bumped when a change of its topic arrives (or all of them after a gap in the stream).
#[derive(Clone, Copy)]
pub struct Live {
    pub users: RwSignal<usize>,
    pub invites: RwSignal<usize>,
    pub permissions: RwSignal<usize>,
}

impl Live {
    fn bump(self, topic: Topic) {
        let counter = match topic {
            Topic::Users => self.users,
            Topic::Invites => self.invites,
            Topic::Permissions => self.permissions,
        };
        counter.update(|n| *n += 1);
    }

    #[cfg(feature = "hydrate")]
    fn bump_all(self) {
        for topic in [Topic::Users, Topic::Invites, Topic::Permissions] {
            self.bump(topic);
        }
    }
}

pub fn use_live() -> Live {
    expect_context::<Live>()
}

/// Provides the counters and, in the browser, keeps a stream open while someone is signed in.
pub fn provide_live() {
    let live = Live {
        users: RwSignal::new(0),
        invites: RwSignal::new(0),
        permissions: RwSignal::new(0),
    };
    provide_context(live);
    let auth = use_auth();
    // Each sign-in (or sign-out) starts a new generation; the stream of an older one closes.
    let generation = StoredValue::new(0_u64);
    Effect::new(move |_| {
        let me = auth
            .user
            .get()
            .and_then(Result::ok)
            .flatten()
            .map(|user| user.id);
        generation.update_value(|g| *g += 1);
        #[cfg(feature = "hydrate")]
        if let Some(me) = me {
            let mine = generation.get_value();
            leptos::task::spawn_local(listen(live, me, generation, mine));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (me, live, Live::bump);
    });
}

/// Follows the stream for this sign-in, as long as `generation` is still `mine`. Lazy: its code (the
/// event stream, the reader of changes) is a chunk of its own, fetched once someone is signed in,
/// so Log in does not carry it.
#[cfg(feature = "hydrate")]
#[lazy]
async fn listen(live: Live, me: uuid::Uuid, generation: StoredValue<u64>, mine: u64) {
    let auth = use_auth_untracked();
    let current = move || generation.get_value() == mine;
    follow_changes(current, move |change| match change {
        Some(change) => {
            live.bump(change.topic);
            // Their own access changed: the navigation follows.
            if change.user_id == Some(me) {
                if let Some(auth) = auth {
                    auth.refresh();
                }
            }
        }
        None => live.bump_all(),
    })
    .await;
}

/// Reads the stream until it fails, then opens it again after 1 s, 2 s, 4 s … at most 30 s, for as
/// long as `current()` holds. Each change goes to `on_change`; `None` says changes may have been
/// missed (the stream resynced), so everything should be read again.
#[cfg(feature = "hydrate")]
pub(crate) async fn follow_changes(
    current: impl Fn() -> bool,
    mut on_change: impl FnMut(Option<LiveChange>),
) {
    use futures_util::StreamExt;
    use gloo_net::eventsource::futures::EventSource;
    let mut delay_ms = 1_000;
    while current() {
        if let Ok(mut source) = EventSource::new("/live") {
            if let (Ok(changes), Ok(resyncs)) =
                (source.subscribe("change"), source.subscribe("resync"))
            {
                let mut events = futures_util::stream::select(changes, resyncs);
                while let Some(Ok((kind, message))) = events.next().await {
                    if !current() {
                        break;
                    }
                    delay_ms = 1_000;
                    let change = message
                        .data()
                        .as_string()
                        .and_then(|data| serde_json::from_str::<LiveChange>(&data).ok());
                    on_change(change.filter(|_| kind == "change"));
                }
            }
            source.close();
        }
        if !current() {
            return;
        }
        sleep(delay_ms).await;
        delay_ms = (delay_ms * 2).min(30_000);
    }
}

#[cfg(feature = "hydrate")]
fn use_auth_untracked() -> Option<super::auth::Auth> {
    use_context::<super::auth::Auth>()
}

#[cfg(feature = "hydrate")]
async fn sleep(ms: u64) {
    let (done, wait) = futures_channel::oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = done.send(());
        },
        std::time::Duration::from_millis(ms),
    );
    let _ = wait.await;
}
