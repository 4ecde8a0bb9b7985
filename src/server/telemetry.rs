//! Structured logs through `tracing`, filtered by `RUST_LOG`.

use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        // Colour codes help a person at a terminal and garble a log file.
        .with_ansi(std::io::stdout().is_terminal())
        .init();
}
