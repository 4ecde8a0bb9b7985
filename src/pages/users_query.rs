//! What the Users page shows, read from its address: the search, where each list's pages have got
//! to, the row whose removal awaits a yes, and what a form posted from the page did. The page is
//! rendered on the server only, so everything a visitor can change on it is in the address, and
//! its links and forms are plain HTML that work before (and without) any WASM. (A form's failure
//! comes back in the address too, read by `posted_failure`.)

use uuid::Uuid;

/// One of the page's paged lists, named as in the address.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum List {
    Staff,
    Clients,
    Invites,
}

impl List {
    const ALL: [List; 3] = [List::Staff, List::Clients, List::Invites];

    fn key(self) -> &'static str {
        match self {
            List::Staff => "staff",
            List::Clients => "clients",
            List::Invites => "invites",
        }
    }
}

#[derive(Clone, Default)]
pub struct UsersQuery {
    /// The search, trimmed; empty for everyone.
    pub search: String,
    /// Per list, the `after` of each page opened so far, oldest first: the last is the page shown,
    /// and Previous drops it (the server keeps no state).
    pages: [Vec<String>; 3],
    /// The person whose Remove was pressed: their row asks to confirm.
    pub remove: Option<Uuid>,
    /// What the last form posted from the page did ("settings", "resent"), for a status line
    /// (`server::forms::back_with`).
    pub done: String,
}

impl UsersQuery {
    /// The address of the page being rendered.
    pub fn from_request() -> Self {
        #[cfg(feature = "ssr")]
        {
            let parts = leptos::prelude::use_context::<axum::http::request::Parts>();
            let query = parts.as_ref().and_then(|parts| parts.uri.query());
            Self::parse(query.unwrap_or_default())
        }
        #[cfg(not(feature = "ssr"))]
        Self::default()
    }

    /// Reads a query string as a browser's GET form writes it (`+` for a space).
    #[cfg(any(feature = "ssr", test))]
    pub fn parse(query: &str) -> Self {
        let mut this = Self::default();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match key.as_ref() {
                "q" => this.search = value.trim().to_owned(),
                "remove" => this.remove = Uuid::parse_str(&value).ok(),
                "done" => this.done = value.into_owned(),
                key => {
                    if let Some(list) = List::ALL.into_iter().find(|list| list.key() == key) {
                        this.pages[list as usize].push(value.into_owned());
                    }
                }
            }
        }
        this
    }

    /// Where `list` starts: empty for its first page.
    pub fn after(&self, list: List) -> String {
        self.pages[list as usize]
            .last()
            .cloned()
            .unwrap_or_default()
    }

    /// This page with `list` one page further on, from `next`.
    pub fn next_page(&self, list: List, next: &str) -> String {
        let mut moved = self.clone();
        moved.remove = None;
        moved.pages[list as usize].push(next.to_owned());
        moved.href()
    }

    /// This page with `list` one page back, or `None` on its first page.
    pub fn previous_page(&self, list: List) -> Option<String> {
        let mut moved = self.clone();
        moved.remove = None;
        moved.pages[list as usize].pop()?;
        Some(moved.href())
    }

    /// This page without a pending confirmation (Keep).
    pub fn without_confirmation(&self) -> String {
        let mut moved = self.clone();
        moved.remove = None;
        moved.href()
    }

    /// The hidden fields that carry the search and the pages through a GET form (Remove).
    pub fn hidden_fields(&self) -> Vec<(&'static str, String)> {
        let mut fields = Vec::new();
        if !self.search.is_empty() {
            fields.push(("q", self.search.clone()));
        }
        for list in List::ALL {
            for after in &self.pages[list as usize] {
                fields.push((list.key(), after.clone()));
            }
        }
        fields
    }

    /// The address of this state (without what a form did, which belongs to one answer only).
    fn href(&self) -> String {
        let mut fields = self.hidden_fields();
        if let Some(user) = self.remove {
            fields.push(("remove", user.to_string()));
        }
        if fields.is_empty() {
            return "/users".to_owned();
        }
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        format!("/users?{query}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_go_forward_and_back_and_keep_the_search() {
        let query = UsersQuery::parse("q=ann+lee&clients=%7B%22a%22%3A1%7D");
        assert_eq!(query.search, "ann lee");
        assert_eq!(query.after(List::Clients), r#"{"a":1}"#);
        assert_eq!(query.after(List::Staff), "");
        let next = query.next_page(List::Clients, r#"{"a":2}"#);
        let forward = UsersQuery::parse(next.trim_start_matches("/users?"));
        assert_eq!(forward.after(List::Clients), r#"{"a":2}"#);
        assert_eq!(forward.search, "ann lee");
        let back = forward.previous_page(List::Clients).unwrap();
        assert_eq!(
            UsersQuery::parse(back.trim_start_matches("/users?")).after(List::Clients),
            r#"{"a":1}"#
        );
        assert_eq!(UsersQuery::default().previous_page(List::Staff), None);
    }

    #[test]
    fn a_confirmation_is_one_address_and_keep_leaves_it() {
        let user = Uuid::new_v4();
        let asking = UsersQuery::parse(&format!("q=x&remove={user}&done=role"));
        assert_eq!(asking.remove, Some(user));
        assert_eq!(asking.done, "role");
        assert_eq!(asking.without_confirmation(), "/users?q=x");
    }
}
