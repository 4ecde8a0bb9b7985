//! One component per screen.

mod home;
mod not_found;
mod upcoming;

pub use home::Home;
pub use not_found::NotFound;
pub use upcoming::Upcoming;
