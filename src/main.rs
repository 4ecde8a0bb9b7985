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
    let large_allocations_returned = return_large_allocations_to_the_os();
    run(large_allocations_returned)
}

#[tokio::main]
async fn run(large_allocations_returned: bool) -> ExitCode {
    let Cli { config, command } = Cli::parse();
    server::telemetry::init();
    if !large_allocations_returned {
        tracing::warn!(
            "mimalloc's arena_max_object_size is not its default (set by MIMALLOC_ARENA_MAX_OBJECT_SIZE, \
             or another mimalloc version), so it was left as it is: memory of large allocations may \
             stay with the process after they are freed"
        );
    }
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
/// Returns false, changing nothing, when the option does not hold its default.
fn return_large_allocations_to_the_os() -> bool {
    use libmimalloc_sys::{mi_option_get, mi_option_set, mi_option_t};
    /// `mi_option_arena_max_object_size` (KiB), its place in mimalloc v3's `mi_option_e`: the
    /// -sys crate names no constant for it. Its default is 2 GiB; any other value there means the
    /// environment set it, or the place holds another option in another mimalloc.
    const ARENA_MAX_OBJECT_SIZE: mi_option_t = 45;
    const DEFAULT_KIB: std::ffi::c_long = 2 * 1024 * 1024;
    // SAFETY: reads and sets one of mimalloc's options, which it reads when it next needs it.
    unsafe {
        if mi_option_get(ARENA_MAX_OBJECT_SIZE) != DEFAULT_KIB {
            return false;
        }
        mi_option_set(ARENA_MAX_OBJECT_SIZE, 1024);
    }
    true
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
