//! A labelled form input with its error message beside it, wired for screen readers.

use crate::domain::AppError;
use leptos::prelude::*;

#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: &'static str,
    /// The value the input starts with.
    #[prop(optional, into)]
    value: String,
    /// The server's (or the browser's) message about this field.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if !hint.is_empty() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=name>{label}</label>
            <input
                id=name
                name=name
                type=kind
                value=value
                autocomplete=autocomplete
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by
            />
            {(!hint.is_empty()).then(|| view! { <p id=hint_id class="hint">{hint}</p> })}
            {move || error.get().map(|message| view! { <p id=error_id.clone() class="field-error">{message}</p> })}
        </div>
    }
}

/// What a form shows after its action failed: a field's message (for [`Field`]'s `error`), and the
/// message for the whole form when the failure is not about one field.
pub fn form_errors<T>(
    result: impl Get<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
) -> (
    impl Fn(&'static str) -> Signal<Option<String>> + Copy,
    impl Fn() -> Option<String> + Copy + Send + Sync + 'static,
)
where
    T: Send + Sync + 'static,
{
    let failure = move || result.get().and_then(Result::err);
    let field = move |name: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.message_for(name)))
    };
    let form = move || {
        failure()
            .filter(|e| !matches!(e, AppError::Invalid(_)))
            .map(|e| e.to_string())
    };
    (field, form)
}

/// The error of a form the browser posted itself to the server function at `path`: the server
/// sends the page back with it in the address (`__path`, `__err`), which the router reads.
pub fn posted_failure(path: &str) -> Option<AppError> {
    use leptos::server::ServerActionError;
    use leptos::server_fn::error::ServerFnUrlError;
    use_context::<ServerActionError>()
        .filter(|posted| posted.path() == path)
        .map(|posted| ServerFnUrlError::<AppError>::decode_err(posted.err()))
}
