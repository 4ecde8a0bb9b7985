//! The resources of a client account: campaigns, applications with environments and domains, and
//! domains; with the forms to add and remove them for staff who manage the account.

use crate::api::{AddEnvironment, AddEnvironmentDomain, AddResource, RemoveResource};
use crate::components::{form_errors, Changed, PostForm};
use crate::domain::{ClientResource, Environment, ResourceKind};
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub(super) fn ResourceSection(
    account_id: Uuid,
    resources: Vec<ClientResource>,
    editable: bool,
) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="resources-title">
            <h2 id="resources-title">"Resources"</h2>
            <ResourceList resources editable />
            {editable.then(|| view! { <AddResourceForm account_id /> })}
        </section>
    }
}

/// The resources grouped by kind; with `editable`, the forms to add environments and domains.
#[component]
pub(crate) fn ResourceList(resources: Vec<ClientResource>, editable: bool) -> impl IntoView {
    if resources.is_empty() {
        return view! { <p class="muted">"No resources yet."</p> }.into_any();
    }
    ResourceKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let of_kind: Vec<ClientResource> = resources.iter().filter(|r| r.kind == kind).cloned().collect();
            (!of_kind.is_empty()).then(|| {
                view! {
                    <h3>{format!("{} ({})", kind.plural(), of_kind.len())}</h3>
                    <ul class="resources">
                        {of_kind.into_iter().map(|resource| view! { <ResourceItem resource editable /> }).collect_view()}
                    </ul>
                }
            })
        })
        .collect_view()
        .into_any()
}

#[component]
fn ResourceItem(resource: ClientResource, editable: bool) -> impl IntoView {
    let is_application = resource.kind == ResourceKind::Application;
    let id = resource.id;
    view! {
        <li>
            <span class="resource-name">{resource.name.clone()}</span>
            {editable.then(|| view! { <RemoveResourceButton id name=resource.name.clone() /> })}
            {is_application.then(|| view! {
                <ul class="environments" aria-label=format!("Environments of {}", resource.name)>
                    {resource.environments.into_iter().map(|environment| view! { <EnvironmentItem environment editable /> }).collect_view()}
                </ul>
                {editable.then(|| view! { <AddEnvironmentForm application_id=id application=resource.name.clone() /> })}
            })}
        </li>
    }
    .into_any()
}

#[component]
fn EnvironmentItem(environment: Environment, editable: bool) -> impl IntoView {
    let domains = if environment.domains.is_empty() {
        "no domains yet".to_owned()
    } else {
        environment
            .domains
            .iter()
            .map(|d| d.hostname.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
        <li>
            <strong>{environment.name.clone()}</strong>": "{domains}
            {editable.then(|| view! { <AddDomainForm environment_id=environment.id environment=environment.name.clone() /> })}
        </li>
    }
    .into_any()
}

/// The account's members (with their scope and end date) and the Staff who manage it.
#[component]
fn RemoveResourceButton(id: Uuid, name: String) -> impl IntoView {
    let remove = ServerAction::<RemoveResource>::new();
    expect_context::<Changed>().after(remove);
    view! {
        <PostForm action=remove read=move |_| RemoveResource { resource_id: id } attr:class="inline-form">
            <input type="hidden" name="resource_id" value=id.to_string() />
            <button type="submit" class="button button-quiet" aria-label=format!("Remove {name}")>"Remove"</button>
        </PostForm>
    }
}

#[component]
fn AddResourceForm(account_id: Uuid) -> impl IntoView {
    let add = ServerAction::<AddResource>::new();
    expect_context::<Changed>().after(add);
    let (field_error, form_error) = form_errors(add.value());
    let kind_error = field_error("kind");
    let name_error = field_error("name");
    view! {
        <PostForm
            action=add
            read=move |fields| AddResource {
                account_id,
                kind: fields.text("kind"),
                name: fields.text("name"),
            }
            attr:novalidate=true
            attr:class="add-resource"
        >
            <h3>"Add a resource"</h3>
            <input type="hidden" name="account_id" value=account_id.to_string() />
            <div class="field">
                <label for="resource-kind">"Kind"</label>
                <select id="resource-kind" name="kind" aria-describedby="resource-kind-error">
                    {ResourceKind::ALL.into_iter().map(|kind| view! { <option value=kind.as_str()>{kind.label()}</option> }).collect_view()}
                </select>
                <p id="resource-kind-error" class="field-error">{move || kind_error.get()}</p>
            </div>
            <div class="field">
                <label for="resource-name">"Resource name"</label>
                <input id="resource-name" name="name" aria-describedby="resource-name-hint resource-name-error" aria-invalid=move || name_error.get().is_some().then_some("true") />
                <p id="resource-name-hint" class="hint">"A domain is its host name, such as example.com."</p>
                <p id="resource-name-error" class="field-error">{move || name_error.get()}</p>
            </div>
            <p class="form-error" role="alert">{form_error}</p>
            <button type="submit" class="button">"Add resource"</button>
        </PostForm>
    }
}

#[component]
fn AddEnvironmentForm(application_id: Uuid, application: String) -> impl IntoView {
    let add = ServerAction::<AddEnvironment>::new();
    expect_context::<Changed>().after(add);
    let (field_error, form_error) = form_errors(add.value());
    let input_id = format!("environment-{application_id}");
    let error = field_error("name");
    let error_id = format!("{input_id}-error");
    view! {
        <PostForm
            action=add
            read=move |fields| AddEnvironment { application_id, name: fields.text("name") }
            attr:novalidate=true
            attr:class="inline-form"
        >
            <input type="hidden" name="application_id" value=application_id.to_string() />
            <label for=input_id.clone()>{format!("New environment of {application}")}</label>
            <input id=input_id name="name" placeholder="staging" aria-describedby=error_id.clone() />
            <button type="submit" class="button button-quiet">"Add environment"</button>
            <p id=error_id class="field-error" role="alert">{move || error.get().or_else(form_error)}</p>
        </PostForm>
    }
}

#[component]
fn AddDomainForm(environment_id: Uuid, environment: String) -> impl IntoView {
    let add = ServerAction::<AddEnvironmentDomain>::new();
    expect_context::<Changed>().after(add);
    let (field_error, form_error) = form_errors(add.value());
    let input_id = format!("domain-{environment_id}");
    let error = field_error("hostname");
    let error_id = format!("{input_id}-error");
    view! {
        <PostForm
            action=add
            read=move |fields| AddEnvironmentDomain { environment_id, hostname: fields.text("hostname") }
            attr:novalidate=true
            attr:class="inline-form"
        >
            <input type="hidden" name="environment_id" value=environment_id.to_string() />
            <label for=input_id.clone()>{format!("New domain for {environment}")}</label>
            <input id=input_id name="hostname" placeholder="staging.example.com" aria-describedby=error_id.clone() />
            <button type="submit" class="button button-quiet">"Add domain"</button>
            <p id=error_id class="field-error" role="alert">{move || error.get().or_else(form_error)}</p>
        </PostForm>
    }
}
