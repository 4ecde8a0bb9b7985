//! One component per screen.

mod home;
mod log_in;
mod not_found;
mod profile;
mod register;
mod sign_up;
mod upcoming;

pub use home::Home;
pub use log_in::LogIn;
pub use not_found::NotFound;
pub use profile::MyProfile;
pub use register::Register;
pub use sign_up::SignUp;
pub use upcoming::Upcoming;
