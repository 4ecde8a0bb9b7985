//! Settings of the server: `Leptos.toml` for the site, overridden by environment variables and flags.

use clap::{Args, Parser, Subcommand, ValueEnum};
use leptos::config::{get_config_from_file, get_config_from_str, Env, LeptosOptions};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use super::BoxError;

/// Switchboard: agencies give their clients and staff access to exactly what they should see.
/// Without a command it serves the app.
#[derive(Debug, Parser)]
#[command(
    name = "switchboard",
    version,
    after_help = "Every flag can also be set by the environment variable shown beside it.\n\
                  Logging: RUST_LOG (e.g. RUST_LOG=info,switchboard=debug,sqlx=warn); default info."
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Operator tasks for the day the only owner is locked out; each prints what it did.
    #[command(subcommand)]
    Admin(super::admin::AdminCommand),
    /// Fill the database with a demo agency (an owner, an admin, two staff, five client accounts,
    /// a dozen client users) and print how to log in; extra accounts and users on request.
    Demo(super::demo::DemoArgs),
}

/// Where and how the server runs.
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// File with the runtime options of the site (its [package.metadata.leptos] section)
    /// [default: ./Leptos.toml if present, else the same settings built in].
    #[arg(long = "config", env = "SWITCHBOARD_CONFIG", value_name = "FILE")]
    pub config_file: Option<PathBuf>,

    /// Address to listen on [default: site-addr in the config file, 127.0.0.1:3000].
    #[arg(long, env = "LEPTOS_SITE_ADDR", value_name = "HOST:PORT")]
    pub site_addr: Option<SocketAddr>,

    /// Folder of the built site: WASM, JS, CSS and public files [default: site-root in the config file].
    #[arg(long, env = "LEPTOS_SITE_ROOT", value_name = "DIR")]
    pub site_root: Option<String>,

    /// Environment [default: env in the config file].
    #[arg(long, env = "LEPTOS_ENV", value_name = "ENV", ignore_case = true)]
    pub env: Option<SiteEnv>,

    /// Address people use to reach Switchboard, e.g. https://switchboard.example.com. With https the
    /// session cookie is Secure and __Host- prefixed [default: http://<site-addr>, for local use].
    #[arg(long, env = "SWITCHBOARD_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,

    /// Who may create an agency: open (anyone, from the sign-up page) or closed (invitations only).
    #[arg(
        long,
        env = "SIGNUP",
        value_name = "open|closed",
        default_value = "open"
    )]
    pub signup: Signup,

    /// Database: sqlite://FILE (created if missing) or postgres://USER@HOST/DB; the scheme picks the backend.
    #[arg(
        long,
        env = "DATABASE_URL",
        value_name = "URL",
        default_value = "sqlite://data/switchboard.db"
    )]
    pub database_url: String,

    /// SMTP server for outgoing email: smtps://USER:PASSWORD@HOST (TLS), smtp://HOST:587?tls=required
    /// (STARTTLS) or smtp://HOST:PORT (plain, a relay on this machine). Without it, email waits on
    /// the Outbox page for the agency's owners to pass on.
    #[arg(long, env = "SMTP_URL", value_name = "URL")]
    pub smtp_url: Option<String>,

    /// Sender of outgoing email.
    #[arg(
        long,
        env = "MAIL_FROM",
        value_name = "ADDRESS",
        default_value = "Switchboard <switchboard@localhost>"
    )]
    pub mail_from: String,

    /// Delete audit events older than this many days [default: keep them all].
    #[arg(long, env = "AUDIT_RETENTION_DAYS", value_name = "DAYS",
          value_parser = clap::value_parser!(u32).range(1..=36_500))]
    pub audit_retention_days: Option<u32>,
}

const DEFAULT_CONFIG_FILE: &str = "Leptos.toml";
const BUILT_IN_CONFIG: &str = include_str!("../../Leptos.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Signup {
    Open,
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SiteEnv {
    Dev,
    Prod,
}

impl Config {
    /// Whether the site is served over HTTPS, which decides how cookies are flagged.
    pub fn serves_https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://"))
    }

    /// Reads the config file (environment variables already override it there), then applies flags.
    pub fn leptos_options(&self) -> Result<LeptosOptions, BoxError> {
        let mut options = match &self.config_file {
            Some(file) => {
                get_config_from_file(file)
                    .map_err(|e| format!("cannot read {}: {e}", file.display()))?
                    .leptos_options
            }
            None if Path::new(DEFAULT_CONFIG_FILE).is_file() => {
                get_config_from_file(DEFAULT_CONFIG_FILE)?.leptos_options
            }
            // Run from another folder: the binary still starts with the settings it was built with.
            None => get_config_from_str(BUILT_IN_CONFIG)?,
        };
        if let Some(addr) = self.site_addr {
            options.site_addr = addr;
        }
        if let Some(root) = &self.site_root {
            options.site_root = root.as_str().into();
        }
        if let Some(env) = self.env {
            options.env = match env {
                SiteEnv::Dev => Env::DEV,
                SiteEnv::Prod => Env::PROD,
            };
        }
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_file_supplies_the_site_options() {
        let options = Cli::parse_from(["switchboard"])
            .config
            .leptos_options()
            .unwrap();
        assert_eq!(&*options.output_name, "switchboard");
        assert_eq!(&*options.site_pkg_dir, "pkg");
    }

    #[test]
    fn the_built_in_settings_are_those_of_the_file() {
        let built_in = get_config_from_str(BUILT_IN_CONFIG).unwrap();
        let file = get_config_from_file(DEFAULT_CONFIG_FILE)
            .unwrap()
            .leptos_options;
        assert_eq!(built_in.site_addr, file.site_addr);
        assert_eq!(built_in.site_root, file.site_root);
    }

    #[test]
    fn flags_override_the_config_file() {
        let config = Cli::parse_from([
            "switchboard",
            "--site-addr",
            "127.0.0.1:4321",
            "--site-root",
            "/srv/site",
            "--env",
            "dev",
        ])
        .config;
        let options = config.leptos_options().unwrap();
        assert_eq!(options.site_addr, SocketAddr::from(([127, 0, 0, 1], 4321)));
        assert_eq!(&*options.site_root, "/srv/site");
        assert_eq!(options.env, Env::DEV);
    }

    #[test]
    fn a_missing_config_file_is_a_clear_error() {
        let config = Cli::parse_from(["switchboard", "--config", "no-such-file.toml"]).config;
        let error = config.leptos_options().unwrap_err().to_string();
        assert!(error.contains("no-such-file.toml"), "{error}");
    }

    #[test]
    fn without_configuration_sqlite_in_the_data_folder_is_used() {
        // Read the declared default rather than parse: a developer's own DATABASE_URL must not fail this.
        let command = <Cli as clap::CommandFactory>::command();
        let database = command
            .get_arguments()
            .find(|a| a.get_id() == "database_url")
            .unwrap();
        assert_eq!(
            database.get_default_values(),
            ["sqlite://data/switchboard.db"]
        );
    }
}
