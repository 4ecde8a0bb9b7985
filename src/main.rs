//! The `switchboard` binary: serve the app (until SIGTERM or Ctrl-C), or run an operator command.

use clap::Parser;
use std::process::ExitCode;
use switchboard::server::{self, admin, Cli, Command};

/// mimalloc rather than glibc's malloc: under wrk, glibc's arenas were a sixth of the server's CPU
/// and two thirds of its futex calls (arena locks taken as buffers moved between worker threads).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Before the runtime starts its threads: mimalloc's options are not set thread-safely.
    return_large_allocations_to_the_os();
    run()
}

#[tokio::main]
async fn run() -> ExitCode {
    let Cli { config, command } = Cli::parse();
    server::telemetry::init();
    match command {
        Some(Command::Admin(command)) => report(admin::run(&config, command).await),
        Some(Command::Demo(args)) => report(server::demo::run(&config, args).await),
        None => serve(&config).await,
    }
}

/// Allocations of a MiB or more (argon2's 19 MiB per hash) are mapped for themselves and unmapped
/// when freed. mimalloc otherwise carves them from its arenas and gives the memory back only when it
/// is next called a while later, so an idle server kept a log-in's 19 MiB (41 MB of RSS, not 22).
/// Giving back every freed page at once instead (`purge_delay` 0) cost a fifth of the throughput.
fn return_large_allocations_to_the_os() {
    /// `mi_option_arena_max_object_size` (KiB), its place in mimalloc v3's `mi_option_e`: the
    /// -sys crate names no constant for it.
    const ARENA_MAX_OBJECT_SIZE: libmimalloc_sys::mi_option_t = 45;
    // SAFETY: sets one of mimalloc's options, which it reads when it next needs that option.
    unsafe { libmimalloc_sys::mi_option_set(ARENA_MAX_OBJECT_SIZE, 1024) };
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
