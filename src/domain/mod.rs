//! Types shared by the server and the browser.

mod error;
mod status;
mod time;

pub use error::AppError;
pub use status::{DbBackend, StatusReport};
pub use time::{clock_time_utc, relative_time};
