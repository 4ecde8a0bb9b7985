//! Server functions, one file per area. Each body authenticates and authorizes, then calls into
//! `crate::server`; nothing else lives here.

mod status;

pub use status::*;
