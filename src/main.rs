//! The `switchboard` server: read the configuration, start, run until SIGTERM or Ctrl-C.

use clap::Parser;
use switchboard::server::{self, Config};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = Config::parse();
    server::telemetry::init();
    let running = match server::start(&config).await {
        Ok(running) => running,
        Err(error) => {
            tracing::error!(%error, "could not start");
            return std::process::ExitCode::FAILURE;
        }
    };
    tracing::info!(address = %running.addr, backend = %running.db.backend(), "Switchboard is listening on http://{}", running.addr);
    running.stop_on(server::startup::shutdown_signal()).await;
    std::process::ExitCode::SUCCESS
}
