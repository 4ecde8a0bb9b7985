//! The page a reset link opens: choose a new password, or learn why the link no longer works.

use crate::api::{password_reset_link, ResetPassword};
use crate::components::{
    continue_when_signed_in, form_errors, provide_screen_context, NewPasswordField, PageTitle,
    PostForm,
};
use crate::domain::ResetLink;
use leptos::prelude::*;

#[island(lazy)]
pub fn ResetPasswordPage(
    /// The reset link's token, from its query.
    token: String,
) -> impl IntoView {
    provide_screen_context();
    let token = StoredValue::new(token);
    let link = Resource::new(move || token.get_value(), password_reset_link);
    let action = ServerAction::<ResetPassword>::new();
    continue_when_signed_in(action.value(), || "/".to_owned());
    let (field_error, form_error) = form_errors(action.value());

    view! {
        <PageTitle text="Choose a new password" />
        <section class="card form-card">
            <h1>"Choose a new password"</h1>
            <Transition fallback=|| view! { <p>"Checking your link…"</p> }>
                {move || Suspend::new(async move {
                    match link.await {
                        Ok(ResetLink::Valid { email }) => view! {
                            <p class="muted">{format!("For the account {email}. Every browser signed in to it will be signed out.")}</p>
                            <PostForm
                                action
                                read=|fields| ResetPassword {
                                    token: fields.text("token"),
                                    new_password: fields.text("new_password"),
                                }
                                attr:novalidate=true
                            >
                                <input type="hidden" name="token" value=token.get_value() />
                                <NewPasswordField name="new_password" label="New password" error=field_error("new_password") />
                                <p class="form-error" role="alert">
                                    {move || form_error().or_else(|| field_error("token").get())}
                                </p>
                                <button type="submit" class="button" disabled=move || action.pending().get()>"Set new password"</button>
                            </PostForm>
                        }
                            .into_any(),
                        Ok(problem) => view! {
                            <p class="error" role="alert">{problem.problem().unwrap_or_default()}</p>
                            <p><a href="/forgot-password">"Ask for a new link"</a></p>
                        }
                            .into_any(),
                        Err(error) => view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
