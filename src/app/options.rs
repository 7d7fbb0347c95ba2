//! How the page was asked to run: which backend, which strategy, which theme. Read from
//! the URL query and the mount element's `data-*` attributes (the URL wins), so one build
//! serves the admin page, the widget and the demo.

/// Every option a page or widget takes, once: its attribute name (also the `data-*`
/// attribute and URL query parameter of the page) and the name JavaScript's `mount()` takes.
/// The page, the widget's element and `mount()` all read this list.
pub const OPTION_NAMES: [(&str, &str); 9] = [
    ("mode", "mode"),
    ("endpoint", "endpoint"),
    ("token", "token"),
    ("strategy", "strategy"),
    ("strategy-key", "strategyKey"),
    ("site-url", "siteUrl"),
    ("theme", "theme"),
    ("scenario", "scenario"),
    ("docs-url", "docsUrl"),
];

/// The attribute name of an option given by either of its names; `None` for no option.
pub fn attribute_name(name: &str) -> Option<&'static str> {
    OPTION_NAMES
        .iter()
        .find(|(attribute, camel)| *attribute == name || *camel == name)
        .map(|(attribute, _)| *attribute)
}

/// Which backend the configurator talks to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// The wiki's own GraphQL API if one answers at the endpoint, else the demo.
    #[default]
    Auto,
    /// Wiki.js 2.5's GraphQL API (same origin, the admin's session or a Bearer token).
    Wiki,
    /// The in-browser demo backend: behaves like a fresh Wiki.js, saves nowhere.
    Demo,
}

/// Colour scheme: follow the system, or forced by the host page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    /// The `data-theme` value (`None` follows `prefers-color-scheme`).
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::Auto => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppOptions {
    pub mode: Mode,
    /// GraphQL endpoint; same-origin `/graphql` unless told otherwise.
    pub endpoint: String,
    /// A Bearer token (API key) instead of the admin's session cookie.
    pub token: Option<String>,
    /// This page was opened with a `token` in its address and took it out: a reload has
    /// none, which a refused load then says.
    pub token_taken: bool,
    /// The strategy instance to edit; without it the first Keycloak strategy, or a new one.
    pub strategy_key: Option<String>,
    /// The Site URL, when the host page knows it better than the backend (demo).
    pub site_url: Option<String>,
    pub theme: Theme,
    /// A demo scenario preset to open with.
    pub scenario: Option<String>,
    /// Where `docs/diagnostics.md` is published: each finding's code links to its entry
    /// there (`#<code>`). Only an http(s) or relative URL; without it the code is text.
    pub docs_url: Option<String>,
    /// Set by an embedding host (the widget): told the app's model when it mounts.
    pub observer: Option<Observer>,
    /// Where the demo wiki comes from: by default the lazily loaded `demo` part; the
    /// browser tests give one that answers in process.
    pub demo: Option<DemoSource>,
}

/// Makes the demo backend a page talks to (see [`AppOptions::demo`]).
#[derive(Clone)]
pub struct DemoSource(pub std::rc::Rc<dyn Fn() -> crate::backend::Backend>);

impl std::fmt::Debug for DemoSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DemoSource")
    }
}

impl PartialEq for DemoSource {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for DemoSource {}

/// Called once with the app's [`Model`](super::Model) when it mounts, inside the app's
/// reactive owner: whatever it creates (the widget's effects that dispatch DOM events) is
/// disposed with the app.
#[derive(Clone)]
pub struct Observer(pub std::rc::Rc<dyn Fn(super::Model)>);

impl Observer {
    pub fn notify(&self, model: super::Model) {
        (self.0)(model)
    }
}

impl std::fmt::Debug for Observer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Observer")
    }
}

impl PartialEq for Observer {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Observer {}

impl Default for AppOptions {
    fn default() -> Self {
        AppOptions {
            mode: Mode::Auto,
            endpoint: "/graphql".to_owned(),
            token: None,
            token_taken: false,
            strategy_key: None,
            site_url: None,
            theme: Theme::Auto,
            scenario: None,
            docs_url: None,
            observer: None,
            demo: None,
        }
    }
}

impl AppOptions {
    /// A demo backend: the given source's, else the `demo` part's.
    pub fn demo_backend(&self) -> crate::backend::Backend {
        match &self.demo {
            Some(source) => (source.0)(),
            None => crate::backend::Backend::demo(),
        }
    }

    /// Apply `name=value` pairs (query parameters or attributes); unknown names are ignored,
    /// unknown values keep the default.
    pub fn apply<'a>(&mut self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) {
        for (name, value) in pairs {
            let value = value.trim();
            let non_empty = (!value.is_empty()).then(|| value.to_owned());
            match name {
                "mode" => {
                    self.mode = match value {
                        "wiki" => Mode::Wiki,
                        "demo" => Mode::Demo,
                        _ => Mode::Auto,
                    }
                }
                "endpoint" => {
                    if let Some(v) = non_empty {
                        self.endpoint = v;
                    }
                }
                "token" => self.token = non_empty,
                "strategy" | "strategy-key" => self.strategy_key = non_empty,
                "site-url" => self.site_url = non_empty,
                "scenario" => self.scenario = non_empty,
                "docs-url" => {
                    self.docs_url =
                        non_empty
                            .filter(|v| wkc_core::host::is_web_link(v))
                            .map(|mut v| {
                                v.truncate(v.find('#').unwrap_or(v.len()));
                                v
                            })
                }
                "theme" => {
                    self.theme = match value {
                        "light" => Theme::Light,
                        "dark" => Theme::Dark,
                        _ => Theme::Auto,
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{AppOptions, Mode, Theme};

    /// Name-value pairs in, then the mode, endpoint, strategy key and theme they give.
    type Case = (
        &'static [(&'static str, &'static str)],
        Mode,
        &'static str,
        Option<&'static str>,
        Theme,
    );

    #[test]
    #[rustfmt::skip]
    fn options_come_from_name_value_pairs() {
        let cases: [Case; 5] = [
            (&[], Mode::Auto, "/graphql", None, Theme::Auto),
            (&[("mode", "demo")], Mode::Demo, "/graphql", None, Theme::Auto),
            (&[("mode", "wiki"), ("endpoint", "/wiki/graphql"), ("strategy", "abc")], Mode::Wiki, "/wiki/graphql", Some("abc"), Theme::Auto),
            (&[("mode", "bogus"), ("endpoint", " "), ("theme", "dark")], Mode::Auto, "/graphql", None, Theme::Dark),
            (&[("strategy-key", "k"), ("theme", "light"), ("unknown", "x")], Mode::Auto, "/graphql", Some("k"), Theme::Light),
        ];
        for (pairs, mode, endpoint, key, theme) in cases {
            let mut o = AppOptions::default();
            o.apply(pairs.iter().copied());
            assert_eq!((o.mode, o.endpoint.as_str(), o.strategy_key.as_deref(), o.theme), (mode, endpoint, key, theme), "{pairs:?}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn the_docs_url_is_a_web_link_without_its_fragment() {
        let cases = [
            ("https://git.example.com/kc/docs/diagnostics.md", Some("https://git.example.com/kc/docs/diagnostics.md")),
            (" /kc/diagnostics.html#top ", Some("/kc/diagnostics.html")),
            ("javascript:alert(1)", None),
            ("data:text/html,x", None),
            ("", None),
        ];
        for (value, expected) in cases {
            let mut o = AppOptions::default();
            o.apply([("docs-url", value)]);
            assert_eq!(o.docs_url.as_deref(), expected, "{value:?}");
        }
    }
}
