//! Reusable UI pieces.

mod status_card;

pub use status_card::StatusCard;
