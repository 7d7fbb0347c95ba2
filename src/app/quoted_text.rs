//! Finding texts as the page shows them. The core quotes what the admin typed, and names from
//! Keycloak or Wiki.js, between backticks (`localhost`, `..`); the page shows those as code
//! rather than printing the backticks.

use leptos::prelude::*;

/// `text` as spans, each `quoted` part of it set as code. One element type for every part:
/// cheaper to build than a different view for quoted and plain parts.
pub fn quoted_text(text: String) -> impl IntoView {
    text.split('`')
        .enumerate()
        .map(|(i, part)| view! { <span class:wkc-code=i % 2 == 1>{part.to_owned()}</span> })
        .collect_view()
}
