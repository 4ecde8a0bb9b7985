//! The test harness: a fresh database, the app started on it, and a client that calls server
//! functions the way the browser does (form-encoded POST to `/api/…`, cookies kept).

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::net::SocketAddr;
use switchboard::domain::{AppError, CurrentUser};
use switchboard::server::{self, Config, Running};
use uuid::Uuid;

/// A database of its own for one test, dropped when the test ends (even when it fails).
pub struct TestDatabase {
    url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteFolder(std::path::PathBuf),
    PostgresDatabase {
        admin_url: String,
        name: String,
    },
    /// Another instance's view of a database someone else drops.
    Borrowed,
}

impl TestDatabase {
    /// PostgreSQL when `TEST_DATABASE_URL` is set (the database it names is only used to create and
    /// drop the test's own), SQLite in a temporary folder otherwise.
    pub async fn create() -> Self {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => Self::postgres(admin_url).await,
            _ => Self::sqlite(),
        }
    }

    fn sqlite() -> Self {
        let folder = std::env::temp_dir().join(format!("switchboard-test-{}", Uuid::new_v4()));
        TestDatabase {
            url: format!("sqlite://{}/test.db", folder.display()),
            cleanup: Cleanup::SqliteFolder(folder),
        }
    }

    async fn postgres(admin_url: String) -> Self {
        use sqlx::{Connection, Executor};
        let name = format!("switchboard_test_{}", Uuid::new_v4().simple());
        let mut admin = sqlx::PgConnection::connect(&admin_url)
            .await
            .expect("TEST_DATABASE_URL must point at a reachable PostgreSQL server");
        admin
            .execute(sqlx::AssertSqlSafe(format!(r#"CREATE DATABASE "{name}""#)))
            .await
            .expect("create the test database");
        TestDatabase {
            url: with_database_name(&admin_url, &name),
            cleanup: Cleanup::PostgresDatabase { admin_url, name },
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::SqliteFolder(folder) => {
                let _ = std::fs::remove_dir_all(folder);
            }
            Cleanup::Borrowed => {}
            Cleanup::PostgresDatabase { admin_url, name } => {
                // Drop runs inside the test's runtime, which cannot be blocked on: use a thread of its own.
                let (admin_url, name) = (admin_url.clone(), name.clone());
                let dropped = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()?;
                    runtime.block_on(async {
                        use sqlx::{Connection, Executor};
                        let mut admin = sqlx::PgConnection::connect(&admin_url).await?;
                        admin
                            .execute(sqlx::AssertSqlSafe(format!(
                                r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#
                            )))
                            .await?;
                        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
                    })
                })
                .join();
                if let Ok(Err(error)) = dropped {
                    eprintln!("could not drop test database {}: {error}", self.url);
                }
            }
        }
    }
}

/// `postgres://user@host:5432/postgres?x=y` with its database replaced by `name`.
fn with_database_name(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let host_and_path = &base[authority_end..];
    let server = match host_and_path.find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}

/// The app, running on its own database and port.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    running: Option<Running>,
    // Declared last: fields drop in order, and the database must outlive the server.
    pub database: TestDatabase,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_on(TestDatabase::create().await).await
    }

    /// Starts the app with some settings changed, e.g. `|c| c.signup = Signup::Closed`.
    pub async fn spawn_with(configure: impl FnOnce(&mut Config)) -> Self {
        Self::start(TestDatabase::create().await, configure).await
    }

    /// Starts the app on an existing database (for tests that restart it).
    pub async fn spawn_on(database: TestDatabase) -> Self {
        Self::start(database, |_| ()).await
    }

    async fn start(database: TestDatabase, configure: impl FnOnce(&mut Config)) -> Self {
        let mut config = Config {
            config_file: None,
            site_addr: Some(SocketAddr::from(([127, 0, 0, 1], 0))),
            site_root: None,
            env: None,
            public_url: None,
            signup: switchboard::server::config::Signup::Open,
            database_url: database.url().to_owned(),
            smtp_url: None,
            mail_from: "Switchboard <switchboard@test.example>".to_owned(),
            audit_retention_days: None,
        };
        configure(&mut config);
        let running = server::start(&config).await.expect("the app starts");
        let client = new_client();
        TestApp {
            address: format!("http://{}", running.addr),
            client,
            running: Some(running),
            database,
        }
    }

    /// A second instance of the app on this one's database (as behind a load balancer).
    pub async fn second_instance(&self) -> TestApp {
        let database = TestDatabase {
            url: self.database.url.clone(),
            cleanup: Cleanup::Borrowed,
        };
        Self::spawn_on(database).await
    }

    pub fn running(&self) -> &Running {
        self.running.as_ref().expect("the app is running")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("the request is answered")
    }

    /// Calls the server function at `/api/{endpoint}` with form-encoded arguments, like the browser.
    pub async fn call<T: DeserializeOwned>(
        &self,
        endpoint: &str,
        arguments: &impl Serialize,
    ) -> Result<T, AppError> {
        decode(endpoint, self.post(&self.client, endpoint, arguments).await).await
    }

    /// The raw answer of a server function called with `client` (for tests that read headers).
    pub async fn post(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        arguments: &impl Serialize,
    ) -> reqwest::Response {
        client
            .post(format!("{}/api/{endpoint}", self.address))
            .header("accept", "application/json")
            .form(arguments)
            .send()
            .await
            .expect("the server function answers")
    }

    /// Creates an agency whose owner has `email` (password "correct horse battery"), signed in on
    /// this app's client.
    pub async fn sign_up(&self, email: &str) -> CurrentUser {
        self.call(
            "sign_up",
            &[
                ("agency_name", "Acme Agency"),
                ("first_name", "Ann"),
                ("last_name", "Lee"),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await
        .expect("sign-up succeeds")
    }

    pub fn db(&self) -> &switchboard::server::db::Db {
        &self.running().db
    }

    /// Stops the server gracefully and hands back its database, e.g. to start again on it.
    pub async fn stop(mut self) -> TestDatabase {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
        let TestApp { database, .. } = self;
        database
    }
}

/// Who `client` is signed in as, asking the server as the browser does.
pub async fn me(app: &TestApp, client: &reqwest::Client) -> Option<CurrentUser> {
    decode("current_user", app.post(client, "current_user", &()).await)
        .await
        .unwrap()
}

pub const PASSWORD: &str = "correct horse battery";

/// A client of its own: its own cookies, as a second browser would have.
pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client")
}

/// The value of the session cookie a response sets, if it sets one.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("session="))
        .map(|rest| rest.split(';').next().unwrap_or_default().to_owned())
}

/// A server function's answer: its JSON value, or the AppError it sent.
pub async fn decode<T: DeserializeOwned>(
    endpoint: &str,
    response: reqwest::Response,
) -> Result<T, AppError> {
    let status = response.status();
    let body = response.bytes().await.expect("a response body");
    if status.is_success() {
        Ok(serde_json::from_slice(&body).unwrap_or_else(|e| {
            panic!("{endpoint} answered {status} with unexpected JSON ({e}): {body:?}")
        }))
    } else {
        Err(serde_json::from_slice(&body).unwrap_or_else(|e| {
            panic!("{endpoint} answered {status} with a body that is no AppError ({e}): {body:?}")
        }))
    }
}

#[test]
fn the_test_database_replaces_only_the_database_name() {
    assert_eq!(
        with_database_name("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
        "postgres://postgres@127.0.0.1:5432/t1"
    );
    assert_eq!(
        with_database_name(
            "postgres://postgres@localhost/postgres?sslmode=disable",
            "t1"
        ),
        "postgres://postgres@localhost/t1?sslmode=disable"
    );
    assert_eq!(
        with_database_name("postgres://localhost", "t1"),
        "postgres://localhost/t1"
    );
}
