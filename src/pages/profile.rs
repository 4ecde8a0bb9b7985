//! My profile: change your name and password, see where you are signed in, log out elsewhere.

use crate::api::{my_profile, my_sessions, ChangePassword, LogOutOtherSessions, UpdateName};
use crate::components::{
    form_errors, frame, provide_screen_context, use_auth, Field, NewPasswordField, PageTitle,
    PostForm, Redirect,
};
use crate::domain::{relative_time, AppError, Profile, Sessions};
use leptos::prelude::*;

#[island(lazy)]
pub fn MyProfile() -> impl IntoView {
    provide_screen_context();
    let update_name = ServerAction::<UpdateName>::new();
    let change_password = ServerAction::<ChangePassword>::new();
    let log_out_others = ServerAction::<LogOutOtherSessions>::new();
    // Loaded once: refetching would redraw the forms and wipe what is typed in them.
    let profile = Resource::new(|| (), |()| my_profile());
    // Sessions change when a password changes or others are logged out: only this list refetches.
    let sessions = Resource::new(
        move || {
            (
                change_password.version().get(),
                log_out_others.version().get(),
            )
        },
        |_| my_sessions(),
    );
    let auth = use_auth();
    Effect::new(move |_| {
        let name_saved = matches!(update_name.value().get(), Some(Ok(())));
        let password_changed = matches!(change_password.value().get(), Some(Ok(())));
        if name_saved || password_changed {
            auth.refresh();
        }
    });
    // The header shows the name, and the reminder to choose a password goes once it is chosen.
    Effect::new(move |_| {
        if let Some(Ok(Some(user))) = auth.user.get() {
            frame::show_user(&user);
        }
    });

    view! {
        <PageTitle text="My profile" />
        <h1>"My profile"</h1>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(profile) => view! { <ProfileSections profile sessions update_name change_password log_out_others /> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/login?next=/profile" /> }.into_any(),
                    Err(error) => view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ProfileSections(
    profile: Profile,
    sessions: Resource<Result<Sessions, AppError>>,
    update_name: ServerAction<UpdateName>,
    change_password: ServerAction<ChangePassword>,
    log_out_others: ServerAction<LogOutOtherSessions>,
) -> impl IntoView {
    let (name_error, name_form_error) = form_errors(update_name.value());
    let (password_error, password_form_error) = form_errors(change_password.value());
    // After a change, the form empties: passwords should not linger on screen.
    let password_form = NodeRef::<leptos::html::Form>::new();
    let cleared = RwSignal::new(0_usize);
    Effect::new(move |_| {
        if let Some(Ok(())) = change_password.value().get() {
            if let Some(form) = password_form.get() {
                form.reset();
            }
            cleared.update(|n| *n += 1);
        }
    });
    view! {
        <section class="card" aria-labelledby="name-title">
            <h2 id="name-title">"Your name"</h2>
            <p class="muted">{format!("Signed in as {}", profile.email)}</p>
            <PostForm
                action=update_name
                read=|fields| UpdateName {
                    first_name: fields.text("first_name"),
                    last_name: fields.text("last_name"),
                }
                attr:novalidate=true
            >
                <Field label="First name" name="first_name" autocomplete="given-name" value=profile.first_name error=name_error("first_name") />
                <Field label="Last name" name="last_name" autocomplete="family-name" value=profile.last_name error=name_error("last_name") />
                <p class="form-error" role="alert">{name_form_error}</p>
                <p class="form-success" role="status">
                    {move || matches!(update_name.value().get(), Some(Ok(()))).then_some("Your name was saved.")}
                </p>
                <button type="submit" class="button">"Save name"</button>
            </PostForm>
        </section>
        <section class="card" aria-labelledby="password-title">
            <h2 id="password-title">"Change password"</h2>
            <PostForm
                action=change_password
                read=|fields| ChangePassword {
                    current_password: fields.text("current_password"),
                    new_password: fields.text("new_password"),
                }
                node_ref=password_form
                attr:novalidate=true
            >
                <Field label="Current password" name="current_password" kind="password" autocomplete="current-password" error=password_error("current_password") />
                <NewPasswordField name="new_password" label="New password" error=password_error("new_password") clear=cleared />
                <p class="form-error" role="alert">{password_form_error}</p>
                <p class="form-success" role="status">
                    {move || matches!(change_password.value().get(), Some(Ok(()))).then_some("Your password was changed. Other browsers were signed out.")}
                </p>
                <button type="submit" class="button">"Change password"</button>
            </PostForm>
        </section>
        <section class="card" aria-labelledby="sessions-title">
            <h2 id="sessions-title">"Where you are signed in"</h2>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    sessions.await.map(|sessions| view! { <SessionList sessions log_out_others /> })
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SessionList(
    sessions: Sessions,
    log_out_others: ServerAction<LogOutOtherSessions>,
) -> impl IntoView {
    let others = sessions.sessions.iter().filter(|s| !s.current).count();
    let now = sessions.now_ms;
    view! {
        <ul class="sessions">
            {sessions
                .sessions
                .into_iter()
                .map(|s| {
                    view! {
                        <li>
                            <strong>{s.user_agent.unwrap_or_else(|| "Unknown browser".into())}</strong>
                            {s.current.then(|| view! { <span class="badge">"This browser"</span> })}
                            <br />
                            <span class="muted">
                                {format!(
                                    "{} · last active {} · signed in {}",
                                    s.ip.unwrap_or_else(|| "unknown address".into()),
                                    relative_time(s.last_seen_at_ms, now),
                                    relative_time(s.signed_in_at_ms, now),
                                )}
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <PostForm action=log_out_others read=|_| LogOutOtherSessions {}>
            <button type="submit" class="button button-quiet" disabled=others == 0>
                "Log out other sessions"
            </button>
        </PostForm>
    }
}
