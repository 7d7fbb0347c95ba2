//! The presets the page applies by itself.

use crate::preset::legacy_logout_redirect;
use crate::settings::Layout::{Legacy, Quarkus};

#[test]
#[rustfmt::skip]
fn legacy_logout_follows_the_layout_only_for_a_new_untouched_strategy() {
    // (layout, version, new strategy, set by the admin, current value) → what to set
    let cases = [
        ((Legacy, None, true, false, false), Some(true)),
        ((Quarkus, None, true, false, true), Some(false)),
        ((Legacy, None, true, false, true), None),
        ((Quarkus, None, true, false, false), None),
        ((Legacy, None, false, false, false), None),
        ((Legacy, None, true, true, false), None),
        ((Quarkus, None, true, true, true), None),
        // The version, once picked, decides: 17+ kept under /auth, or a 16 at the root.
        ((Legacy, Some(24), true, false, true), Some(false)),
        ((Legacy, Some(17), true, false, false), Some(true)),
        ((Quarkus, Some(16), true, false, false), Some(true)),
        ((Quarkus, Some(26), true, false, true), Some(false)),
    ];
    for ((layout, version, new, set, current), expected) in cases {
        assert_eq!(legacy_logout_redirect(layout, version, new, set, current), expected, "{layout:?} {version:?} new={new} set={set} current={current}");
    }
}
