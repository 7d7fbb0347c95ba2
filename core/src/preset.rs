//! Values the page sets by itself until the admin sets them.

use crate::settings::Layout;

/// "Legacy Logout Redirect" for a new strategy the admin has not set it on: Keycloak before
/// 18 needs the old `redirect_uri`, 18 and newer refuse it. The version decides when the
/// admin picked one, else the layout (`/auth` for the old servers). `None`: leave it as is.
pub fn legacy_logout_redirect(
    layout: Layout,
    version: Option<u32>,
    new_strategy: bool,
    set_by_admin: bool,
    current: bool,
) -> Option<bool> {
    let wanted = version.map_or(layout == Layout::Legacy, |v| v < 18);
    (new_strategy && !set_by_admin && current != wanted).then_some(wanted)
}
