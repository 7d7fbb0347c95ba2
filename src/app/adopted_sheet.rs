//! A stylesheet of the page's own, adopted by the root it is drawn in (the document, or a
//! widget's shadow root): a rule the page changes as it runs without an inline `style`,
//! which the page never has (strict CSP: `style-src 'self'`).

use wasm_bindgen::JsCast;

/// A new stylesheet of the page's own, adopted by `root` (a document or a shadow root)
/// after those it has.
pub(super) fn adopt_sheet(root: &web_sys::Node) -> Option<web_sys::CssStyleSheet> {
    let sheet = web_sys::CssStyleSheet::new().ok()?;
    let sheets = adopted_sheets(root)?;
    sheets.push(&sheet);
    set_adopted_sheets(root, &sheets);
    Some(sheet)
}

/// `root`'s adopted stylesheets without `sheet`.
pub(super) fn drop_sheet(root: &web_sys::Node, sheet: &web_sys::CssStyleSheet) {
    if let Some(sheets) = adopted_sheets(root) {
        let sheet: &wasm_bindgen::JsValue = sheet.as_ref();
        let kept: js_sys::Array = sheets.iter().filter(|s| s != sheet).collect();
        set_adopted_sheets(root, &kept);
    }
}

fn adopted_sheets(root: &web_sys::Node) -> Option<js_sys::Array> {
    if let Some(shadow) = root.dyn_ref::<web_sys::ShadowRoot>() {
        return Some(shadow.adopted_style_sheets());
    }
    root.dyn_ref::<web_sys::Document>()
        .map(web_sys::Document::adopted_style_sheets)
}

fn set_adopted_sheets(root: &web_sys::Node, sheets: &js_sys::Array) {
    if let Some(shadow) = root.dyn_ref::<web_sys::ShadowRoot>() {
        shadow.set_adopted_style_sheets(sheets);
    } else if let Some(document) = root.dyn_ref::<web_sys::Document>() {
        document.set_adopted_style_sheets(sheets);
    }
}
