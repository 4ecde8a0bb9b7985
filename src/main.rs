//! The `switchboard` binary: serve the app (until SIGTERM or Ctrl-C), or run an operator command.

use clap::Parser;
use std::process::ExitCode;
use switchboard::server::{self, admin, Cli, Command};

#[tokio::main]
async fn main() -> ExitCode {
    let Cli { config, command } = Cli::parse();
    server::telemetry::init();
    match command {
        Some(Command::Admin(command)) => match admin::run(&config, command).await {
            Ok(report) => {
                print!("{report}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("{error}");
                ExitCode::FAILURE
            }
        },
        Some(Command::Demo(args)) => match server::demo::run(&config, args).await {
            Ok(report) => {
                print!("{report}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("{error}");
                ExitCode::FAILURE
            }
        },
        None => serve(&config).await,
    }
}

async fn serve(config: &server::Config) -> ExitCode {
    let stop = server::startup::shutdown_signal();
    let running = match server::start(config).await {
        Ok(running) => running,
        Err(error) => {
            tracing::error!(%error, "could not start");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(address = %running.addr, backend = %running.db.backend(), "Switchboard is listening on http://{}", running.addr);
    running.stop_on(stop).await;
    ExitCode::SUCCESS
}
