//! The Wiki.js side: the Site URL the callback is built from, the strategy's display name,
//! and the callback URL to register in Keycloak.

use leptos::prelude::*;

use super::copy_button::CopyButton;
use super::inputs::{InputKind, TextField};
use super::model::Model;
use super::pending_strategy::CallbackChangedNote;
use super::section::Section;
use wkc_core::wikijs::{admin_page_url, ADMIN_GENERAL};
use wkc_core::Field;

#[component]
pub fn WikiSection(model: Model) -> impl IntoView {
    // A memo: what shows and stores it (the field, Copy, the changed-callback note's
    // storage write) runs when the callback changes, not on every keystroke elsewhere.
    let callback = Signal::from(Memo::new(move |_| {
        model.with_derived(|d| d.callback_url.clone().unwrap_or_default())
    }));
    let callback_id = model.ids.id("callback-url");
    view! {
        <Section model id="wiki" title="Wiki.js">
            <TextField model field=Field::SiteUrl kind=InputKind::Url
                hint="Administration › General › Site URL: the address users open the wiki at."
                readonly_hint="Read from the wiki: change it there, then load this page again."
                readonly_href=wiki_general_page
                readonly=Signal::derive(move || !model.demo.get() && model.loaded.with(Option::is_some))
                placeholder="https://wiki.example.com"
                get=|s| s.site_url.as_str() set=|s, v| s.site_url = v/>
            <TextField model field=Field::DisplayName kind=InputKind::Text
                hint="The name on the login button."
                get=|s| s.display_name.as_str() set=|s, v| s.display_name = v/>
            <div class="wkc-field">
                <label class="wkc-label" for=callback_id.clone()>"Callback URL / Redirect URI"</label>
                <p class="wkc-hint">"Register it in Keycloak as a Valid redirect URI, exactly."</p>
                <div class="wkc-input-row">
                    <input class="wkc-input wkc-input-derived" id=callback_id name="callback-url"
                        class:wkc-show-end=move || callback.with(|c: &String| c.is_ascii())
                        type="text" readonly placeholder="Needs the Site URL" prop:value=callback/>
                    <CopyButton value=callback what="Callback URL"/>
                </div>
                <CallbackChangedNote model callback/>
            </div>
        </Section>
    }
}

/// The wiki's own page for its Site URL (Administration › General), where a Site URL read
/// from the wiki is changed; `None` in the demo, which has no wiki to open.
fn wiki_general_page(model: Model) -> Option<String> {
    if model.demo.try_get_untracked()? {
        return None;
    }
    let endpoint = model
        .connection
        .try_with_value(|c| c.as_ref().map(|c| c.options.endpoint.clone()))
        .flatten()?;
    let page = window().location().origin().ok()?;
    admin_page_url(&endpoint, &page, ADMIN_GENERAL)
}
