//! Who may sign in for the first time, and which groups new users join.

use leptos::prelude::*;

use super::field_messages::FieldMessages;
use super::inputs::{reveal, CheckboxField, Refusal, RefusalNote};
use super::model::Model;
use super::section::Section;
use wkc_core::settings::GroupInfo;
use wkc_core::Field;

#[component]
pub fn RegistrationSection(model: Model) -> impl IntoView {
    view! {
        <Section model id="registration" title="Registration">
            <CheckboxField model field=Field::SelfRegistration
                hint="Create a Wiki.js account the first time someone signs in with Keycloak."
                get=|s| s.self_registration set=|s, v| s.self_registration = v/>
            <DomainList model/>
            <GroupPicker model/>
        </Section>
    }
}

/// The domains in the list's text: one per line, blank lines left out.
fn entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter(|l| !l.is_empty())
}

/// One domain per line; entries are kept exactly as typed (the core reports bad ones).
#[component]
fn DomainList(model: Model) -> impl IntoView {
    let field = Field::DomainWhitelist;
    let id = model.field_id(field);
    // The text as typed, blank lines included: rewriting it from the list on every keystroke
    // would drop a blank line being typed through and throw the caret to the end. It follows
    // the list only when the list changes from elsewhere (a load, a fix, a restored draft).
    let text = RwSignal::new(String::new());
    // Runs on every change to the form: compares without allocating.
    Effect::new(move |_| {
        model.settings.with(|s| {
            let list = s.domain_whitelist.iter().map(String::as_str);
            if !text.with_untracked(|t| entries(t).eq(list)) {
                text.set(s.domain_whitelist.join("\n"));
            }
        })
    });
    let refusal = Refusal::new();
    let hint_id = model.ids.id("domain-whitelist-hint");
    view! {
        <div class="wkc-field" data-field=field.id()>
            <label class="wkc-label" for=id.clone()>{field.title()}</label>
            <p class="wkc-hint" id=hint_id.clone()>"One domain per line, such as example.com. Empty: any email domain may register."</p>
            <textarea
                class="wkc-input wkc-textarea"
                id=id
                name=field.id()
                rows="3"
                spellcheck="false"
                aria-describedby=format!("{hint_id} {}", model.messages_id(field))
                on:focus=reveal
                prop:value=text
                on:beforeinput=move |ev| text.with_untracked(|v| refusal.check(&ev, field, v))
                on:input=move |ev| {
                    refusal.clear();
                    let value = event_target_value(&ev);
                    let list = entries(&value).map(str::to_owned).collect();
                    text.set(value);
                    model.settings.update(|s| s.domain_whitelist = list);
                }
            ></textarea>
            <RefusalNote refusal/>
            <FieldMessages model field/>
        </div>
    }
}

/// Checkboxes for the wiki's groups, each saying what it grants new users.
#[component]
fn GroupPicker(model: Model) -> impl IntoView {
    let field = Field::AutoEnrollGroups;
    let groups = Memo::new(move |_| model.context.with(|c| c.groups.clone()));
    let legend_id = model.field_id(field);
    view! {
        <fieldset class="wkc-field wkc-fieldset" data-field=field.id()
            aria-describedby=model.messages_id(field)>
            <legend class="wkc-label" id=legend_id tabindex="-1">{field.title()}</legend>
            <p class="wkc-hint">"New users are put in these groups; pick one that can read pages."</p>
            {move || match groups.get() {
                None => view! { <p class="wkc-hint">"The wiki's groups appear here once they are loaded."</p> }.into_any(),
                Some(list) => view! {
                    <ul class="wkc-group-list">
                        {list.into_iter().map(|g| view! { <GroupOption model group=g/> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <FieldMessages model field/>
        </fieldset>
    }
}

#[component]
fn GroupOption(model: Model, group: GroupInfo) -> impl IntoView {
    let id = model.ids.id(&format!("group-{}", group.id));
    let group_id = group.id;
    let checked = Memo::new(move |_| {
        model
            .settings
            .with(|s| s.auto_enroll_groups.contains(&group_id))
    });
    let (badge, class, grants) = if group.is_admin() {
        (
            "manage:system: every user becomes an administrator",
            "wkc-badge wkc-badge-danger",
            "admin",
        )
    } else {
        match group.reads() {
            Some(true) => ("can read pages", "wkc-badge wkc-badge-ok", "read"),
            Some(false) => ("cannot read pages", "wkc-badge wkc-badge-warning", "none"),
            // Not guessed: a regular expression in its page rules (Wiki.js's to run), or a
            // Redirect on Login that is not a wiki page.
            None => (
                "reading not judged here (a regex rule, or where it sends users)",
                "wkc-badge",
                "unknown",
            ),
        }
    };
    view! {
        <li class="wkc-checkbox-row" data-group=group.id>
            <input class="wkc-checkbox" type="checkbox" id=id.clone() name="auto-enroll-group"
                value=group.id.to_string()
                data-grants=grants
                prop:checked=checked
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    model.settings.update(|s| {
                        s.auto_enroll_groups.retain(|g| *g != group_id);
                        if on {
                            s.auto_enroll_groups.push(group_id);
                        }
                    });
                }/>
            <label class="wkc-label" for=id>
                {group.name.clone()}
                " "
                <span class=class>{badge}</span>
            </label>
        </li>
    }
}
