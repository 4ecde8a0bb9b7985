//! A screen that is in the navigation but not built yet: it says what it will hold.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Upcoming(title: &'static str, summary: &'static str) -> impl IntoView {
    view! {
        <Title text=title />
        <section class="card">
            <h1>{title}</h1>
            <p>{summary}</p>
            <p class="muted">"This screen is not available yet."</p>
        </section>
    }
}
