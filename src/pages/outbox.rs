//! Outbox: the email Switchboard sent or holds for people of the agency (owners only).

use crate::api::read_outbox;
use crate::components::{provide_screen_context, PageTitle, Redirect};
use crate::domain::{
    relative_time, AppError, Delivery, MessageStatus, OutboxListing, OutboxMessage,
};
use leptos::prelude::*;

#[island(lazy)]
pub fn OutboxPage() -> impl IntoView {
    provide_screen_context();
    let messages = Resource::new(|| (), |()| read_outbox());
    view! {
        <PageTitle text="Outbox" />
        <div class="page-heading">
            <h1>"Outbox"</h1>
            <button type="button" class="button button-quiet" on:click=move |_| messages.refetch()>"Refresh"</button>
        </div>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match messages.await {
                    Ok(outbox) => view! { <MessageList outbox /> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/login?next=/outbox" /> }.into_any(),
                    Err(error) => view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn MessageList(outbox: OutboxListing) -> impl IntoView {
    let intro = match &outbox.delivery {
        Delivery::Held => "No email server is configured, so Switchboard keeps its email here instead of sending it. \
                           Pass each message on to the person it is for: the links in it are theirs alone."
            .to_owned(),
        Delivery::Smtp { server } => format!(
            "Email is sent through {server}. Once a message is delivered only its subject is kept: \
             the links in it are personal."
        ),
    };
    let now = outbox.now_ms;
    view! {
        <p class="muted">{intro}</p>
        {if outbox.messages.is_empty() {
            view! { <p class="card">"No email yet. Password resets and invitations for people of your agency will appear here."</p> }.into_any()
        } else {
            view! {
                <ul class="messages">
                    {outbox.messages.into_iter().map(|message| view! { <MessageItem message now /> }).collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}

#[component]
fn MessageItem(message: OutboxMessage, now: i64) -> impl IntoView {
    let title_id = format!("message-{}", message.id);
    let (status, tone) = match message.status {
        MessageStatus::Held => ("Not sent: pass it on yourself".to_owned(), "held"),
        MessageStatus::Waiting => ("Waiting to be sent".to_owned(), "waiting"),
        MessageStatus::Retrying {
            attempts,
            last_error,
        } => (
            format!("Not sent yet: {attempts} failed attempts ({last_error}); trying again"),
            "retrying",
        ),
        MessageStatus::Sent { at_ms } => (format!("Sent {}", relative_time(at_ms, now)), "sent"),
        MessageStatus::Failed {
            attempts,
            last_error,
        } => (
            format!("Not sent: gave up after {attempts} attempts ({last_error})"),
            "failed",
        ),
    };
    view! {
        <li class="card message" aria-labelledby=title_id.clone()>
            <h2 id=title_id.clone()>{message.subject}</h2>
            <p class="muted">{format!("To {} · {}", message.recipient, relative_time(message.created_at_ms, now))}</p>
            <p class="status" data-status=tone>{status}</p>
            {message.body.map(|body| view! { <pre class="message-body">{body}</pre> })}
        </li>
    }
}
