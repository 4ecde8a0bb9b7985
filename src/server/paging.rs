//! Keyset pages of 50 for the lists: where a page starts (opaque JSON to the browser), one row
//! more than a page to know whether another follows, and the position after the last row.

use super::now_ms;
use crate::domain::{AppError, Items, Listing, PAGE_SIZE};
use std::sync::Arc;

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
pub fn listing<P: serde::Serialize, T>(rows: Vec<(P, T)>) -> Listing<T> {
    let (items, last) = page_of(rows);
    listing_of(items.into(), last.as_ref())
}

/// Rows fetched with [`page_limit`] as a page: its items, and the position of the last one when
/// another page follows.
pub fn page_of<P, T>(mut rows: Vec<(P, T)>) -> (Arc<[T]>, Option<P>) {
    let more = rows.len() > PAGE_SIZE;
    rows.truncate(PAGE_SIZE);
    let mut last = None;
    let items = rows
        .into_iter()
        .map(|(position, item)| {
            last = Some(position);
            item
        })
        .collect();
    (items, last.filter(|_| more))
}

/// A page as the browser gets it: where the next one starts (JSON) and the server's clock.
pub fn listing_of<P: serde::Serialize, T>(items: Items<T>, last: Option<&P>) -> Listing<T> {
    Listing {
        items,
        next: last.and_then(|position| serde_json::to_string(position).ok()),
        now_ms: now_ms(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(n: usize) -> Vec<(usize, usize)> {
        (0..n).map(|i| (i, i * 10)).collect()
    }

    #[test]
    fn a_page_and_one_more_row_gives_the_page_and_where_the_next_starts() {
        let (items, last) = page_of(rows(PAGE_SIZE + 1));
        assert_eq!(items.len(), PAGE_SIZE);
        assert_eq!(items.last(), Some(&((PAGE_SIZE - 1) * 10)));
        assert_eq!(last, Some(PAGE_SIZE - 1));
    }

    #[test]
    fn the_last_page_says_no_more_follow() {
        for n in [0, 1, PAGE_SIZE] {
            let (items, last) = page_of(rows(n));
            assert_eq!(items.len(), n);
            assert_eq!(last, None);
        }
    }
}
