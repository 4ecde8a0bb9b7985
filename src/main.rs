//! The `switchboard` binary: serve the app (until SIGTERM or Ctrl-C), or run an operator command.

use clap::Parser;
use std::process::ExitCode;
use switchboard::server::{self, admin, Cli, Command};

#[tokio::main]
async fn main() -> ExitCode {
    return_large_allocations_to_the_os();
    let Cli { config, command } = Cli::parse();
    server::telemetry::init();
    match command {
        Some(Command::Admin(command)) => report(admin::run(&config, command).await),
        Some(Command::Demo(args)) => report(server::demo::run(&config, args).await),
        None => serve(&config).await,
    }
}

/// Allocations of a MiB or more (argon2's 19 MiB per hash) are mapped for themselves and unmapped
/// when freed. By default glibc raises that threshold after the first such free, and each thread's
/// arena then keeps the next ones: 50 log-ins under load peaked at 129-224 MB of RSS, 53 MB with this.
fn return_large_allocations_to_the_os() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets one of glibc's allocator tunables, which any value is valid for.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1024 * 1024);
    }
}

/// An operator command's outcome: its report on stdout, or its error on stderr and a failing exit.
fn report(outcome: Result<String, server::BoxError>) -> ExitCode {
    match outcome {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
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
