//! Server functions, one file per area. Each body authenticates and authorizes, then calls into
//! `crate::server`; nothing else lives here.

mod auth;
mod profile;
mod status;

pub use auth::*;
pub use profile::*;
pub use status::*;
