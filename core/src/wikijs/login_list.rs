//! Where the strategy stands in the login list, in words. Wiki.js keeps one list of
//! strategies (`order`), but its login page shows only the active ones (facts §5), so with
//! an inactive strategy in the list the two positions differ. "Bypass Login Screen" takes
//! the first of the whole list, active or not, which is why the form's position is the
//! list's.

use super::strategy::ActiveStrategy;

/// The sentence under "Move Keycloak to the top": this strategy's place in the wiki's list
/// (`order`, its index there once saved) and, when inactive strategies are left out of the
/// login page, its place there. `active` is the wiki's list in its order; the strategy
/// itself (by `key`) may be in it or not yet; empty when the wiki could not be read. The
/// login page also hides Local under "Hide Local Authentication Provider", which the page
/// does not read: counted here as shown.
pub fn login_list_position(
    active: &[ActiveStrategy],
    key: &str,
    order: usize,
    enabled: bool,
) -> String {
    let others: Vec<&ActiveStrategy> = active.iter().filter(|a| a.key != key).collect();
    let above = order.min(others.len());
    // Nothing loaded: the form's own position is all there is.
    let in_list = match active.is_empty() {
        true => place(order, None),
        false => place(above, Some(others.len() + 1)),
    };
    if !enabled {
        return format!("This strategy is {in_list} in the wiki's list; the login page leaves it out while it is inactive.");
    }
    let inactive = others.iter().filter(|a| !a.is_enabled).count();
    // First in the list is first on the page; with none inactive the two are one list.
    if inactive == 0 || above == 0 {
        return format!("This strategy is {in_list} in the login list.");
    }
    let shown_above = others[..above].iter().filter(|a| a.is_enabled).count();
    let on_page = place(shown_above, Some(others.len() - inactive + 1));
    let left_out = match inactive {
        1 => "the inactive strategy".to_owned(),
        n => format!("{n} inactive strategies"),
    };
    // First on the page but not in the list: not what the bypass takes.
    let bypass = match shown_above {
        0 => " Bypass Login Screen takes the first of the wiki's list, inactive or not.",
        _ => "",
    };
    format!("This strategy is {in_list} in the wiki's list, and {on_page} on the login page, which leaves out {left_out}.{bypass}")
}

/// "first", "number 3 of 4", or "number 3" where the list's length is not known, for the
/// index `index`.
fn place(index: usize, len: Option<usize>) -> String {
    match (index, len) {
        (0, _) => "first".to_owned(),
        (i, Some(len)) => format!("number {} of {len}", i + 1),
        (i, None) => format!("number {}", i + 1),
    }
}
