//! Start-up as a library function: connect, migrate, bind, serve. `main` and the tests both call
//! [`start`]; tests bind port 0 and read the chosen address from [`Running::addr`].

use super::auth::CookiePolicy;
use super::config::{Config, Signup};
use super::db::{installation, Db};
use super::mail::Mailer;
use super::outbox::Outbox;
use super::state::{AppState, Shared};
use super::{csrf, delivery, headers, health, now_ms, pipeline, BoxError};
use crate::app::{shell, App};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Router, ServiceExt};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;
use tower::{Service, ServiceBuilder};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// No form of ours comes near this; anything larger is refused with 413 before it is read.
const MAX_BODY_BYTES: usize = 1024 * 1024;
/// A request still unanswered after this long gets 408, so a stuck one cannot hold a worker forever.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A server that is accepting connections.
pub struct Running {
    pub addr: SocketAddr,
    pub db: Db,
    stop: oneshot::Sender<()>,
    served: JoinHandle<std::io::Result<()>>,
    stop_sender: watch::Sender<bool>,
    sender: Option<JoinHandle<()>>,
    housekeeping: JoinHandle<()>,
    live_listener: Option<JoinHandle<()>>,
}

/// Connects to the configured database and brings its schema up to date.
pub async fn open_database(config: &Config) -> Result<Db, BoxError> {
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    installation::ensure(&db, now_ms()).await?;
    Ok(db)
}

pub async fn start(config: &Config) -> Result<Running, BoxError> {
    let leptos_options = config.leptos_options()?;
    let mailer = match &config.smtp_url {
        Some(url) => Some(Mailer::new(url, &config.mail_from)?),
        None => None,
    };
    let db = open_database(config).await?;

    let listener = TcpListener::bind(leptos_options.site_addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", leptos_options.site_addr))?;
    let addr = listener.local_addr()?;
    let cookies = CookiePolicy {
        secure: config.serves_https(),
    };
    let public_origin = match &config.public_url {
        Some(url) => Some(
            csrf::origin_of(url)
                .ok_or_else(|| format!("SWITCHBOARD_PUBLIC_URL is not a URL: {url}"))?,
        ),
        None => None,
    };
    let public_url = match &config.public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => format!("http://{addr}"),
    };
    let outbox = Outbox::new(mailer);
    let (stop_sender, sender_stopped) = watch::channel(false);
    let housekeeping = super::housekeeping::spawn(
        db.clone(),
        config.audit_retention_days,
        sender_stopped.clone(),
    );
    let live = super::live::Live::new(&config.database_url, sender_stopped.clone());
    let live_listener = live.spawn_listener();
    let sender = outbox.spawn_sender(db.clone(), sender_stopped);
    let app = app(AppState::new(Shared {
        leptos_options,
        db: db.clone(),
        cookies,
        public_origin,
        signup_open: config.signup == Signup::Open,
        public_url,
        outbox,
        live,
    }));

    let (stop, stopped) = oneshot::channel::<()>();
    let served = tokio::spawn(async move {
        // Connection info gives each request its peer address (recorded with log-ins and sessions).
        axum::serve(
            listener,
            ServiceExt::<Request>::into_make_service_with_connect_info::<SocketAddr>(app),
        )
        .with_graceful_shutdown(async {
            // A dropped sender means the same as a sent one: stop.
            let _ = stopped.await;
        })
        .await
    });
    Ok(Running {
        addr,
        db,
        stop,
        served,
        stop_sender,
        sender,
        housekeeping,
        live_listener,
    })
}

/// The app: its routes behind the layers every request passes through, outermost first. They
/// wrap the router once, where `Router::layer` wraps each route apart and boxes it again.
fn app(
    state: AppState,
) -> impl Service<Request, Response = Response, Error = Infallible, Future: Send> + Clone + Send + 'static
{
    ServiceBuilder::new()
        .map_response(IntoResponse::into_response)
        .layer(TraceLayer::new_for_http())
        .layer(delivery::compression())
        // Outside the time-out and the size limit, so their refusals (408, 413) carry the
        // security headers too.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            pipeline::around_each_request,
        ))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .service(router(state))
}

/// The app's routes, worked out once per process. Generating them renders the app with resource
/// loading suppressed by a process-wide flag, and a resource first polled by a page being served at
/// that moment never resolves (leptos#4773); servers started later in the same process, as in the
/// tests, must not generate again while others serve.
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

fn router(state: AppState) -> Router {
    let routes = routes();
    let package = format!("/{}", state.leptos_options.site_pkg_dir);
    Router::new()
        .nest_service(&package, delivery::site_package(&state.leptos_options))
        .route("/healthz", get(health::healthz))
        .route("/audit.csv", get(super::audit_export::export))
        .route("/live", get(super::live_stream::stream))
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let state = state.clone();
                move || {
                    provide_context(state.clone());
                    headers::provide_request_nonce();
                }
            },
            {
                let options = state.leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(headers::provide_request_nonce, shell))
        .with_state(state)
}

impl Running {
    /// Serves until `signal` completes, then stops gracefully.
    pub async fn stop_on(self, signal: impl Future<Output = ()>) {
        signal.await;
        self.stop().await;
    }

    /// Stops accepting connections, lets in-flight requests finish and the outbox sender finish the
    /// message in hand, then closes the pool.
    pub async fn stop(self) {
        tracing::info!("shutting down: finishing in-flight requests");
        let _ = self.stop.send(());
        let _ = self.stop_sender.send(true);
        match self.served.await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => tracing::error!(%error, "server stopped with an error"),
            Err(error) => tracing::error!(%error, "server task failed"),
        }
        if let Some(sender) = self.sender {
            if let Err(error) = sender.await {
                tracing::error!(%error, "outbox sender failed");
            }
        }
        if let Err(error) = self.housekeeping.await {
            tracing::error!(%error, "housekeeping failed");
        }
        if let Some(listener) = self.live_listener {
            if let Err(error) = listener.await {
                tracing::error!(%error, "live listener failed");
            }
        }
        self.db.close().await;
        tracing::info!("stopped");
    }
}

/// Completes on Ctrl-C or SIGTERM. The handlers are installed when this is called, not when the
/// future is first polled, so a signal that arrives while the server starts is not missed.
pub fn shutdown_signal() -> impl Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let interrupt = signal(SignalKind::interrupt());
        let terminate = signal(SignalKind::terminate());
        async move {
            match (interrupt, terminate) {
                (Ok(mut interrupt), Ok(mut terminate)) => {
                    tokio::select! {
                        _ = interrupt.recv() => {},
                        _ = terminate.recv() => {},
                    }
                }
                (Err(error), _) | (_, Err(error)) => {
                    tracing::error!(%error, "cannot listen for SIGINT/SIGTERM; stop with SIGKILL");
                    std::future::pending::<()>().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
