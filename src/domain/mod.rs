//! Types shared by the server and the browser.

mod auth;
mod error;
pub mod password_strength;
mod status;
mod time;

pub use auth::{check_new_password, AgencyMembership, CurrentUser, Email, SignUpForm, StaffRole};
pub use error::{AppError, FieldError};
pub use status::{DbBackend, StatusReport};
pub use time::{clock_time_utc, relative_time};
