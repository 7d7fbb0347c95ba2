//! The lazily loaded parts (crate `wkc-parts`): what the first screen does not need, in wasm
//! modules of their own that the page fetches on first use. The loader (`loader.js`) knows
//! their content-hashed file names and hands the page one function that imports a part and
//! initialises it once (a failed load is forgotten, so asking again retries); this module
//! calls the part's functions by name, text in and text out.
//!
//! Natively (tests, native builds) the same functions of `wkc-parts` are called in process.
//!
//! Parts: [`Part::Demo`] (the demo wiki, see [`Demo`]) and [`Part::Tools`]
//! (troubleshooting and the exports, see [`tools`]; the Keycloak side, see [`keycloak_side`];
//! the live check's plan and verdict, see [`live`]).

mod demo;
pub mod keycloak_side;
pub mod live;
pub mod tools;

#[cfg(target_arch = "wasm32")]
mod web;

pub use demo::{Demo, Respond};

/// The two facts of the context the `tools` part reads (`wkc_parts::context_of`): the wiki's
/// Keycloak module has no "Legacy Logout Redirect", and the Keycloak version the admin chose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub legacy_logout_only: bool,
    pub keycloak_version: Option<u32>,
}

impl Facts {
    pub fn of(context: &wkc_core::Context) -> Facts {
        Facts {
            legacy_logout_only: context.legacy_logout_only,
            keycloak_version: context.keycloak_version,
        }
    }

    /// Both as the part's functions take them: the flag, and the version (0: not known).
    fn args(self) -> (bool, u32) {
        (self.legacy_logout_only, self.keycloak_version.unwrap_or(0))
    }
}

/// A module loaded on first use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The static demo's in-memory Wiki.js.
    Demo,
    /// Troubleshooting, the Keycloak exports, the Keycloak side and the live check.
    Tools,
}

impl Part {
    /// Its name in the loader's list (and in its file names).
    pub fn name(self) -> &'static str {
        match self {
            Part::Demo => "demo",
            Part::Tools => "tools",
        }
    }

    /// What it is, for the admin.
    pub fn what(self) -> &'static str {
        match self {
            Part::Demo => "the demo wiki",
            Part::Tools => "this part of the page",
        }
    }
}

/// Whether `part` has loaded in this page (natively: always, the parts are linked in).
pub fn loaded(part: Part) -> bool {
    #[cfg(target_arch = "wasm32")]
    return web::loaded(part);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = part;
        true
    }
}

/// Make the running effect run again once any part loads (natively: never, all are linked
/// in).
pub fn track_loading() {
    #[cfg(target_arch = "wasm32")]
    web::track_loading();
}

/// A part that could not be loaded (or whose function failed), in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartError {
    pub part: Part,
    /// The browser's reason (`Failed to fetch dynamically imported module: …`, …).
    pub reason: String,
}

impl PartError {
    /// One sentence for the admin.
    pub fn message(&self) -> String {
        format!("Could not load {}: {}", self.part.what(), self.reason)
    }
}
