//! A page of a list as the browser gets it: its items, where the next page starts and the server's
//! clock.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// A page of a list with the server's clock (for "2 hours ago").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing<T> {
    pub items: Items<T>,
    /// Pass back as `after` for the next page; `None` on the last one.
    pub next: Option<String>,
    pub now_ms: i64,
}

/// The items of a page, shared: the server answers a page it keeps in memory (`server/db/cache.rs`)
/// without copying it. Such a page keeps its JSON too ([`Items::with_json`]), so each answer copies
/// that text instead of writing 50 users out again, which had taken a quarter of the server's CPU
/// under load. In every other way, and in the browser, it is a slice.
pub struct Items<T> {
    list: Arc<[T]>,
    #[cfg(feature = "ssr")]
    json: Option<Arc<serde_json::value::RawValue>>,
}

#[cfg(feature = "ssr")]
impl<T: Serialize> Items<T> {
    /// Items whose JSON is written once, here, for every answer that serves them.
    pub fn with_json(list: Arc<[T]>) -> Self {
        let json = serde_json::value::to_raw_value(&*list).ok().map(Arc::from);
        Items { list, json }
    }
}

impl<T> From<Arc<[T]>> for Items<T> {
    fn from(list: Arc<[T]>) -> Self {
        Items {
            list,
            #[cfg(feature = "ssr")]
            json: None,
        }
    }
}

impl<T> From<Vec<T>> for Items<T> {
    fn from(list: Vec<T>) -> Self {
        Arc::<[T]>::from(list).into()
    }
}

impl<T> Deref for Items<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.list
    }
}

impl<T> Clone for Items<T> {
    fn clone(&self) -> Self {
        Items {
            list: self.list.clone(),
            #[cfg(feature = "ssr")]
            json: self.json.clone(),
        }
    }
}

impl<T: PartialEq> PartialEq for Items<T> {
    fn eq(&self, other: &Self) -> bool {
        self.list == other.list
    }
}

impl<T: Eq> Eq for Items<T> {}

impl<T: fmt::Debug> fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.list.fmt(f)
    }
}

impl<T: Serialize> Serialize for Items<T> {
    /// The kept JSON as it is: every answer and every page the server renders is written by
    /// serde_json, which takes a `RawValue` verbatim.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[cfg(feature = "ssr")]
        if let Some(json) = &self.json {
            return json.serialize(serializer);
        }
        self.list.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Items<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<T>::deserialize(deserializer).map(Items::from)
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Row {
        name: String,
    }

    fn rows() -> Arc<[Row]> {
        vec![
            Row {
                name: "Ann \"Lee\"".into(),
            },
            Row { name: "Bo".into() },
        ]
        .into()
    }

    #[test]
    fn kept_json_is_written_as_the_items_would_be() {
        let listing = |items: Items<Row>| Listing {
            items,
            next: Some("x".into()),
            now_ms: 1,
        };
        let written = serde_json::to_string(&listing(rows().into())).unwrap();
        let kept = serde_json::to_string(&listing(Items::with_json(rows()))).unwrap();
        assert_eq!(kept, written);
        let read: Listing<Row> = serde_json::from_str(&kept).unwrap();
        assert_eq!(read, listing(rows().into()));
    }
}
