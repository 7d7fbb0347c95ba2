//! A titled section of the page. Not a landmark (no accessible name): the page itself is the
//! one `<main>` of `index.html`, and two widgets in one host page would otherwise repeat
//! every landmark (axe: landmark-unique). The `<h2>` gives screen readers the outline.

use leptos::prelude::*;

use super::model::Model;

#[component]
pub fn Section(
    model: Model,
    /// Stable name, also used in the heading's id.
    id: &'static str,
    title: &'static str,
    children: Children,
) -> impl IntoView {
    let heading = model.ids.id(&format!("{id}-title"));
    view! {
        <section class="wkc-section" data-section=id>
            <h2 class="wkc-section-title" id=heading>{title}</h2>
            {children()}
        </section>
    }
}

/// A section folded to its title line until opened: what the admin rarely needs (the four
/// derived URLs). `open` opens it when it matters (an override, a finding about it); it
/// never closes by itself. Its title stays a heading inside the summary.
#[component]
pub fn FoldingSection(
    model: Model,
    id: &'static str,
    title: &'static str,
    /// What the folded section holds, after the title.
    note: &'static str,
    open: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let heading = model.ids.id(&format!("{id}-title"));
    let opened = Memo::new(move |was: Option<&bool>| was.copied().unwrap_or(false) || open.get());
    view! {
        <section class="wkc-section wkc-section-folding" data-section=id>
            <details class="wkc-fold" prop:open=opened>
                <summary class="wkc-fold-summary">
                    <h2 class="wkc-section-title" id=heading>{title}</h2>
                    <span class="wkc-hint">{note}</span>
                </summary>
                {children()}
            </details>
        </section>
    }
}
