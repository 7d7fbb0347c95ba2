//! Copy a value to the clipboard, and say so where screen readers hear it.

use leptos::prelude::*;

/// How long the button reads "Copied" before it offers to copy again.
const COPIED_FOR: std::time::Duration = std::time::Duration::from_millis(2000);
/// How long the status stays empty before "Copied" is said again.
const SAID_AGAIN_AFTER: std::time::Duration = std::time::Duration::from_millis(120);

/// A button that copies `value()` and briefly reads "Copied".
///
/// The field it copies is in the button's text (visually hidden), not an `aria-label`,
/// which would fix the name at "Copy …" whatever the button shows. A button's content is
/// presentational, so "Copied" is announced by a status region next to it, not inside.
#[component]
pub fn CopyButton(
    /// What is copied (read when clicked).
    #[prop(into)]
    value: Signal<String>,
    /// Names what is copied, for the accessible name ("Copy Token Endpoint URL").
    #[prop(into)]
    what: String,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    // Which click "Copied" is for: only the last one's timeout takes it away.
    let clicks = StoredValue::new(0u32);
    let announcement = format!("Copied {what}");
    view! {
        <button
            type="button"
            class="wkc-button wkc-button-small"
            data-action="copy"
            disabled=move || value.with(String::is_empty)
            on:click=move |_| {
                copy_text(&value.get_untracked());
                clicks.update_value(|n| *n += 1);
                let click = clicks.get_value();
                // Copied again while it still says so: the status empties first and is said
                // anew a moment later (not in the same frame, which the browser's
                // accessibility tree could fold into no change), or a screen reader would
                // hear nothing.
                copied.set(false);
                // The button may be gone by then (a section closed): try_*.
                set_timeout(move || { copied.try_set(true); }, SAID_AGAIN_AFTER);
                set_timeout(move || {
                    if clicks.try_get_value() == Some(click) {
                        copied.try_set(false);
                    }
                }, COPIED_FOR);
            }
            on:blur=move |_| copied.set(false)
        >
            {move || if copied.get() { "Copied" } else { "Copy" }}
            <span class="wkc-visually-hidden">" "{what}</span>
        </button>
        <span class="wkc-visually-hidden" role="status">
            {move || copied.get().then(|| announcement.clone())}
        </span>
    }
}

/// Write text to the clipboard (best effort: browsers refuse outside user gestures).
pub fn copy_text(text: &str) {
    let clipboard = window().navigator().clipboard();
    let _ = clipboard.write_text(text);
}

/// Offer `contents` as a file download named `file_name`.
pub fn download(file_name: &str, contents: &str, mime: &str) {
    use wasm_bindgen::JsCast;

    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(anchor) = document().create_element("a") {
        if let Ok(anchor) = anchor.dyn_into::<web_sys::HtmlAnchorElement>() {
            anchor.set_href(&url);
            anchor.set_download(file_name);
            anchor.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
