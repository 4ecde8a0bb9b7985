//! One component per screen.

pub(crate) mod clients;
mod forgot_password;
mod home;
mod log_in;
mod not_found;
mod outbox;
mod permissions;
mod profile;
mod register;
mod reset_password;
mod sign_up;
mod upcoming;
mod users;

pub use clients::{ClientAccountPage, ClientAccounts, NewClientAccount};
pub use forgot_password::ForgotPassword;
pub use home::Home;
pub use log_in::LogIn;
pub use not_found::NotFound;
pub use outbox::OutboxPage;
pub use permissions::ManagePermissions;
pub use profile::MyProfile;
pub use register::Register;
pub use reset_password::ResetPasswordPage;
pub use sign_up::SignUp;
pub use upcoming::Upcoming;
pub use users::UsersPage;
