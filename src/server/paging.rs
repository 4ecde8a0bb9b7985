//! Keyset pages of 50 for the lists: where a page starts (opaque JSON to the browser), one row
//! more than a page to know whether another follows, and the position after the last row.

use super::now_ms;
use crate::domain::{AppError, Listing, PAGE_SIZE};

/// The `after` of a keyset list: empty for the first page, else the JSON the last page gave.
pub fn parse_after<T: serde::de::DeserializeOwned>(after: &str) -> Result<Option<T>, AppError> {
    match after {
        "" => Ok(None),
        text => serde_json::from_str(text)
            .map(Some)
            .map_err(|_| AppError::field("after", "This page position is not valid.")),
    }
}

/// One row more than a page, so the list knows whether another page follows.
pub fn page_limit() -> i64 {
    i64::try_from(PAGE_SIZE + 1).unwrap_or(i64::MAX)
}

/// A page from rows fetched with [`page_limit`]: the items and the position after the last.
pub fn listing<P: serde::Serialize, T>(mut rows: Vec<(P, T)>) -> Listing<T> {
    let next = if rows.len() > PAGE_SIZE {
        rows.truncate(PAGE_SIZE);
        rows.last()
            .and_then(|(position, _)| serde_json::to_string(position).ok())
    } else {
        None
    };
    Listing {
        items: rows.into_iter().map(|(_, item)| item).collect(),
        next,
        now_ms: now_ms(),
    }
}
