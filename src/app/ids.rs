//! Element ids unique per mounted instance, so `<label for>` stays right when the app is
//! mounted more than once in one document (tests, or a host page embedding two widgets).

use std::sync::atomic::{AtomicU32, Ordering};

static NEXT: AtomicU32 = AtomicU32::new(1);

/// The id prefix of one mounted instance: `wkc-<n>-`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ids(u32);

impl Ids {
    pub fn next() -> Ids {
        Ids(NEXT.fetch_add(1, Ordering::Relaxed))
    }

    /// `wkc-<n>-<name>`.
    pub fn id(self, name: &str) -> String {
        format!("wkc-{}-{name}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Ids;

    #[test]
    fn instances_get_distinct_ids() {
        let (a, b) = (Ids::next(), Ids::next());
        assert_ne!(a.id("host"), b.id("host"));
        assert!(a.id("host").starts_with("wkc-") && a.id("host").ends_with("-host"));
    }
}
