//! The start page.

use crate::components::StatusCard;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Home() -> impl IntoView {
    view! {
        <Title text="" />
        <section class="intro">
            <h1>"Switchboard"</h1>
            <p class="lead">
                "Open a client account for each client, invite people with one-time links, and decide switch by switch what each person may see and do."
            </p>
        </section>
        <StatusCard />
    }
}
