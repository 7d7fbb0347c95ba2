//! Where a wiki's own admin pages are: links to what this page reads from the wiki but
//! cannot change itself (the Site URL, under Administration › General).

use crate::host::{base_of, on_origin_of, parse_url};

/// Administration › General, where Wiki.js keeps its Site URL (`/a/general`).
pub const ADMIN_GENERAL: &str = "/a/general";

/// The admin page `path` of the wiki whose GraphQL `endpoint` a page on `page_origin`
/// reads: on the origin the endpoint resolves to, as `fetch` resolves it (a relative one on
/// the page's, `//host/…` with the page's scheme); `None` unless that is http(s).
pub fn admin_page_url(endpoint: &str, page_origin: &str, path: &str) -> Option<String> {
    let page = parse_url(page_origin).ok()?;
    let wiki = match parse_url(endpoint) {
        Ok(absolute) => absolute,
        Err(_) if on_origin_of(endpoint, page_origin) => page,
        Err(_) => parse_url(&format!("{}:{endpoint}", page.scheme())).ok()?,
    };
    matches!(wiki.scheme(), "http" | "https")
        .then(|| format!("{}{path}", base_of(&wiki, "").origin))
}
