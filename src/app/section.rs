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
