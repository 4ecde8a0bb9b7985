//! A form that posts to a server function and reads its fields by name.
//!
//! Leptos's `ActionForm` turns a form's fields into the function's arguments with serde_qs, and each
//! use brings a decoder for its arguments' type into the WASM. Our server functions take flat text
//! fields (ids and flags a form holds in hidden inputs are known to the view that draws it), so each
//! form names its few fields instead and no page carries a form decoder.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The fields of a submitted form.
pub struct Fields {
    #[cfg(feature = "hydrate")]
    data: web_sys::FormData,
}

impl Fields {
    /// The text of the field `name`: empty when the form has no such field, which the server then
    /// reports next to it as missing.
    pub fn text(&self, name: &str) -> String {
        self.optional(name).unwrap_or_default()
    }

    /// The text of the field `name`, or `None` when the form did not send it (an unticked
    /// checkbox).
    pub fn optional(&self, name: &str) -> Option<String> {
        #[cfg(feature = "hydrate")]
        return self.data.get(name).as_string();
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = name;
            None
        }
    }
}

/// Posts to `action`'s server function. Before the WASM has loaded the browser posts the form itself
/// and the server answers with a redirect back; after, submitting dispatches `read(fields)`.
#[component]
pub fn PostForm<S>(
    action: ServerAction<S>,
    /// The server function's arguments, from the submitted fields.
    read: impl Fn(&Fields) -> S + 'static,
    /// The `<form>` element, for a view that resets it.
    #[prop(optional)]
    node_ref: NodeRef<leptos::html::Form>,
    children: Children,
) -> impl IntoView
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        if let Ok(data) = web_sys::FormData::new_with_form(&event_target(&ev)) {
            action.dispatch(read(&Fields { data }));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&action, &read);
    };
    view! {
        <form action=S::url() method="post" node_ref=node_ref on:submit=on_submit>
            {children()}
        </form>
    }
}
