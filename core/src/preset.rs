//! Values the page sets by itself until the admin sets them.

use crate::settings::Layout;

/// "Legacy Logout Redirect" for a new strategy the admin has not set it on: it follows the
/// layout, because legacy `/auth` servers (before 18) need the old `redirect_uri` and
/// Keycloak 17+ refuses it from 18 on. `None`: leave the value as it is.
pub fn legacy_logout_redirect(
    layout: Layout,
    new_strategy: bool,
    set_by_admin: bool,
    current: bool,
) -> Option<bool> {
    let wanted = layout == Layout::Legacy;
    (new_strategy && !set_by_admin && current != wanted).then_some(wanted)
}
