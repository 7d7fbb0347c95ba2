//! The presets the page applies by itself.

use crate::preset::legacy_logout_redirect;
use crate::settings::Layout::{Legacy, Quarkus};

#[test]
#[rustfmt::skip]
fn legacy_logout_follows_the_layout_only_for_a_new_untouched_strategy() {
    // (layout, new strategy, set by the admin, current value) → what to set
    let cases = [
        ((Legacy, true, false, false), Some(true)),
        ((Quarkus, true, false, true), Some(false)),
        ((Legacy, true, false, true), None),
        ((Quarkus, true, false, false), None),
        ((Legacy, false, false, false), None),
        ((Legacy, true, true, false), None),
        ((Quarkus, true, true, true), None),
    ];
    for ((layout, new, set, current), expected) in cases {
        assert_eq!(legacy_logout_redirect(layout, new, set, current), expected, "{layout:?} new={new} set={set} current={current}");
    }
}
