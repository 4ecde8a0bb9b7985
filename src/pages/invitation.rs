//! The invitation link: what it offers, then Accept invitation (signed in), Log in, or Register.
//! Expired, cancelled and used links each say so, with a button that asks the inviter for a new one.

use crate::api::{
    invitation, AcceptInvitation, AskForNewInvitation, LogInAndAccept, LogOut, RegisterAndAccept,
};
use crate::components::{
    continue_when_signed_in, form_errors, provide_screen_context, use_auth, Field,
    NewPasswordField, PageTitle, PostForm,
};
use crate::domain::{relative_time, CurrentUser, InvitationLink, InvitationOffer};
use leptos::prelude::*;

#[island(lazy)]
pub fn InvitationPage(
    /// The invitation link's token, from its path.
    token: String,
) -> impl IntoView {
    provide_screen_context();
    let token = StoredValue::new(token);
    let link = Resource::new(move || token.get_value(), invitation);
    let auth = use_auth();
    // The actions live here, not in the forms: accepting changes who is signed in, which redraws the
    // forms, and the result must still lead on to the account.
    let actions = Actions {
        accept: ServerAction::<AcceptInvitation>::new(),
        log_in: ServerAction::<LogInAndAccept>::new(),
        register: ServerAction::<RegisterAndAccept>::new(),
    };
    continue_when_signed_in(actions.accept.value(), || "/".to_owned());
    continue_when_signed_in(actions.log_in.value(), || "/".to_owned());
    continue_when_signed_in(actions.register.value(), || "/".to_owned());
    view! {
        <PageTitle text="Invitation" />
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let user = auth.user.await.ok().flatten();
                let token = token.get_value();
                match link.await {
                    Ok(InvitationLink::Open(offer)) => view! { <OpenInvitation offer token user actions /> }.into_any(),
                    Ok(InvitationLink::Expired { target_name }) => view! {
                        <ClosedInvitation token heading="This invitation has expired"
                            text=format!("The invitation to {target_name} is past its validity.") />
                    }.into_any(),
                    Ok(InvitationLink::Cancelled { target_name }) => view! {
                        <ClosedInvitation token heading="This invitation was cancelled"
                            text=format!("The invitation to {target_name} was withdrawn.") />
                    }.into_any(),
                    Ok(InvitationLink::Used { target_name }) => view! {
                        <ClosedInvitation token heading="This invitation has already been used"
                            text=format!("The invitation to {target_name} was accepted. If it was you, log in to continue.") />
                    }.into_any(),
                    Ok(InvitationLink::Unknown) => view! {
                        <section class="card form-card">
                            <h1>"This invitation link is not valid"</h1>
                            <p>"Check that you opened the whole link from the email, or ask the person who invited you for a new invitation."</p>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// What comes with the invitation: role, or resources and a summary of the switches.
#[component]
fn OfferDetails(offer: InvitationOffer) -> impl IntoView {
    let expires = if offer.expires_at > offer.now_ms {
        format!(
            "Valid until {} (invite sent by {}).",
            crate::domain::date_time_utc(offer.expires_at),
            offer.inviter_name
        )
    } else {
        String::new()
    };
    let access = match offer.role {
        Some(role) => view! {
            <p>"Role: " <span class="badge">{role.as_str().to_uppercase()}</span></p>
        }
        .into_any(),
        None => {
            let resources = match offer.resources {
                None => view! { <p>"Resources: All current and future resources"</p> }.into_any(),
                Some(names) if names.is_empty() => view! { <p>"Resources: none yet"</p> }.into_any(),
                Some(names) => view! {
                    <p>"Resources:"</p>
                    <ul>{names.into_iter().map(|name| view! { <li>{name}</li> }).collect_view()}</ul>
                }
                .into_any(),
            };
            view! {
                {resources}
                <p>"Permissions:"</p>
                <ul>{offer.switches.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
            }
            .into_any()
        }
    };
    view! {
        <section aria-labelledby="access-title">
            <h2 id="access-title">"What comes with it"</h2>
            {access}
            <p class="muted">{expires}</p>
        </section>
    }
}

/// "This invitation was sent to X; you are accepting it as Y" (and whether that is allowed).
fn email_note(invited: &str, yours: &str, required: bool) -> Option<String> {
    let yours = yours.trim();
    if yours.is_empty() || yours.eq_ignore_ascii_case(invited) {
        return None;
    }
    Some(if required {
        format!("This invitation was sent to {invited}, and you are using {yours}. Only {invited} can accept it.")
    } else {
        format!("This invitation was sent to {invited}; you are accepting it as {yours}.")
    })
}

#[component]
fn OpenInvitation(
    offer: InvitationOffer,
    token: String,
    user: Option<CurrentUser>,
    actions: Actions,
) -> impl IntoView {
    let heading = format!("You have been invited to {}", offer.target_name);
    let intro = format!(
        "{} of {} invited {}.",
        offer.inviter_name, offer.agency_name, offer.invited_email
    );
    let (invited, required) = (offer.invited_email.clone(), offer.require_invited_email);
    let choose = match user {
        Some(user) => {
            view! { <AcceptAsYourself token user invited required accept=actions.accept /> }
                .into_any()
        }
        None => view! { <LogInOrRegister token invited required actions /> }.into_any(),
    };
    view! {
        <section class="card form-card">
            <h1>{heading}</h1>
            <p>{intro}</p>
            <OfferDetails offer />
        </section>
        {choose}
    }
}

#[component]
fn AcceptAsYourself(
    token: String,
    user: CurrentUser,
    invited: String,
    required: bool,
    accept: ServerAction<AcceptInvitation>,
) -> impl IntoView {
    let (_, accept_error) = form_errors(accept.value());
    let log_out = ServerAction::<LogOut>::new();
    let auth = use_auth();
    Effect::new(move |_| {
        if let Some(Ok(())) = log_out.value().get() {
            auth.refresh();
        }
    });
    let note = email_note(&invited, &user.email, required);
    view! {
        <section class="card form-card" aria-labelledby="accept-title">
            <h2 id="accept-title">"Accept as yourself"</h2>
            <p>{format!("You are signed in as {} ({}).", format_args!("{} {}", user.first_name, user.last_name), user.email)}</p>
            {note.map(|note| view! { <p class="warning" data-testid="email-note">{note}</p> })}
            <PostForm action=accept read=|fields| AcceptInvitation { token: fields.text("token") }>
                <input type="hidden" name="token" value=token />
                <p class="form-error" role="alert">{accept_error}</p>
                <button type="submit" class="button" disabled=move || accept.pending().get()>"Accept invitation"</button>
            </PostForm>
            <PostForm action=log_out read=|_| LogOut { next: None }>
                <button type="submit" class="button button-quiet">"Use another account"</button>
            </PostForm>
        </section>
    }
}

#[component]
fn LogInOrRegister(
    token: String,
    invited: String,
    required: bool,
    actions: Actions,
) -> impl IntoView {
    let Actions {
        log_in, register, ..
    } = actions;
    let (log_in_field, log_in_error) = form_errors(log_in.value());
    let (register_field, register_error) = form_errors(register.value());
    let log_in_email = RwSignal::new(String::new());
    let register_email = RwSignal::new(invited.clone());
    let note = move |typed: RwSignal<String>| {
        let invited = invited.clone();
        move || email_note(&invited, &typed.get(), required)
    };
    let (log_in_note, register_note) = (note(log_in_email), note(register_email));
    let (log_in_token, register_token) = (token.clone(), token);
    view! {
        <div class="two-columns">
            <section class="card form-card" aria-labelledby="log-in-title">
                <h2 id="log-in-title">"Log in"</h2>
                <p class="muted">"Already have a Switchboard account? Log in to accept."</p>
                <PostForm
                    action=log_in
                    read=|fields| LogInAndAccept {
                        token: fields.text("token"),
                        email: fields.text("email"),
                        password: fields.text("password"),
                    }
                    attr:novalidate=true
                >
                    <input type="hidden" name="token" value=log_in_token />
                    <div class="field">
                        <label for="log-in-email">"Email address"</label>
                        <input id="log-in-email" name="email" type="email" autocomplete="email"
                            on:input=move |ev| log_in_email.set(event_target_value(&ev))
                            aria-describedby="log-in-email-note" />
                        <p id="log-in-email-note" class="warning">{log_in_note}</p>
                    </div>
                    <div class="field">
                        <label for="log-in-password">"Password"</label>
                        <input id="log-in-password" name="password" type="password" autocomplete="current-password" />
                    </div>
                    <p class="form-error" role="alert">{move || log_in_field("email").get().or_else(log_in_error)}</p>
                    <button type="submit" class="button" disabled=move || log_in.pending().get()>"Log in"</button>
                </PostForm>
            </section>
            <section class="card form-card" aria-labelledby="register-title">
                <h2 id="register-title">"Register"</h2>
                <p class="muted">"New to Switchboard? Create your account to accept."</p>
                <PostForm
                    action=register
                    read=|fields| RegisterAndAccept {
                        token: fields.text("token"),
                        first_name: fields.text("first_name"),
                        last_name: fields.text("last_name"),
                        email: fields.text("email"),
                        password: fields.text("password"),
                        terms: fields.optional("terms"),
                    }
                    attr:novalidate=true
                >
                    <input type="hidden" name="token" value=register_token />
                    <Field label="First name" name="first_name" autocomplete="given-name" error=register_field("first_name") />
                    <Field label="Last name" name="last_name" autocomplete="family-name" error=register_field("last_name") />
                    <div class="field">
                        <label for="email">"Email address"</label>
                        <input id="email" name="email" type="email" autocomplete="email"
                            prop:value=register_email
                            on:input=move |ev| register_email.set(event_target_value(&ev))
                            aria-invalid=move || register_field("email").get().is_some().then_some("true")
                            aria-describedby="email-note email-error" />
                        <p id="email-note" class="warning">{register_note}</p>
                        <p id="email-error" class="field-error">{move || register_field("email").get()}</p>
                    </div>
                    <NewPasswordField error=register_field("password") />
                    <div class="field checkbox-field">
                        <input id="terms" name="terms" type="checkbox" value="on"
                            aria-describedby="terms-error"
                            aria-invalid=move || register_field("terms").get().is_some().then_some("true") />
                        <label for="terms">"I have read and agree to the Terms of Service"</label>
                        <p id="terms-error" class="field-error">{move || register_field("terms").get()}</p>
                    </div>
                    <p class="form-error" role="alert">{register_error}</p>
                    <button type="submit" class="button" disabled=move || register.pending().get()>"Register"</button>
                </PostForm>
            </section>
        </div>
    }
}

/// The three ways to accept.
#[derive(Clone, Copy)]
struct Actions {
    accept: ServerAction<AcceptInvitation>,
    log_in: ServerAction<LogInAndAccept>,
    register: ServerAction<RegisterAndAccept>,
}

/// An expired, cancelled or used link: says which, and asks the inviter for a new one.
#[component]
fn ClosedInvitation(token: String, heading: &'static str, text: String) -> impl IntoView {
    let ask = ServerAction::<AskForNewInvitation>::new();
    let (_, ask_error) = form_errors(ask.value());
    let asked = move || matches!(ask.value().get(), Some(Ok(())));
    view! {
        <section class="card form-card">
            <h1>{heading}</h1>
            <p>{text}</p>
            <p>"The person who invited you can send a new invitation."</p>
            <PostForm action=ask read=|fields| AskForNewInvitation { token: fields.text("token") }>
                <input type="hidden" name="token" value=token />
                <p class="form-error" role="alert">{ask_error}</p>
                <button type="submit" class="button" disabled=move || ask.pending().get() || asked()>"Ask for a new invitation"</button>
            </PostForm>
            <p role="status">{move || asked().then_some("We told the person who invited you. Their new invitation will come by email.")}</p>
        </section>
    }
}

/// How long ago an invitation went out, for lists: "Invite sent: 1 hour ago".
pub(crate) fn invite_sent(sent_at: i64, now_ms: i64) -> String {
    format!("Invite sent: {}", relative_time(sent_at, now_ms))
}
