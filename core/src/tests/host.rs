//! Reading base URLs and classifying hosts.

use crate::host::{
    cleaned_url, host_of, is_web_link, on_origin_of, parse_base, parse_url, UrlProblem,
};

fn problem(input: &str) -> Option<UrlProblem> {
    parse_base(input).err()
}

#[test]
fn unusable_hosts_name_their_problem() {
    #[rustfmt::skip]
    let cases = [
        ("", Some(UrlProblem::Empty)),
        (" https://kc.example.com", Some(UrlProblem::SurroundingWhitespace)),
        ("https://kc.example.com\n", Some(UrlProblem::SurroundingWhitespace)),
        ("https://kc example.com", Some(UrlProblem::InnerWhitespace)),
        ("kc.example.com", Some(UrlProblem::MissingScheme)),
        ("kc.example.com:8443", Some(UrlProblem::MissingScheme)),
        ("localhost:8080", Some(UrlProblem::MissingScheme)),
        ("localhost:8080/auth", Some(UrlProblem::MissingScheme)),
        ("keycloak:8443/realms/wiki", Some(UrlProblem::MissingScheme)),
        ("mailto:8080x", Some(UrlProblem::UnsupportedScheme("mailto".into()))),
        ("//kc.example.com", Some(UrlProblem::MissingScheme)),
        ("javascript:alert(1)", Some(UrlProblem::UnsupportedScheme("javascript".into()))),
        ("ftp://kc.example.com", Some(UrlProblem::UnsupportedScheme("ftp".into()))),
        ("data:text/html,hi", Some(UrlProblem::UnsupportedScheme("data".into()))),
        ("https://admin:pw@kc.example.com", Some(UrlProblem::UserInfo)),
        ("https://kc.example.com/?x=1", Some(UrlProblem::Query)),
        ("https://kc.example.com/#top", Some(UrlProblem::Fragment)),
        ("https://bücher.example", Some(UrlProblem::NonAsciiHost)),
        ("http:kc.example.com", Some(UrlProblem::MissingScheme)),
        ("https://", Some(UrlProblem::Unparseable("empty host".into()))),
        ("https://kc.example.com", None),
        ("http://[::1]:8080/auth", None),
        ("https://xn--bcher-kva.example", None),
        // Found by fuzzing: punycode for U+200F reached a debug assertion of the IDNA stub.
        ("https://xn--3ug", Some(UrlProblem::Unparseable("the host's punycode (xn--…) spells an invisible direction mark".into()))),
        ("https://kc.XN--A-YGN.example/auth", Some(UrlProblem::Unparseable("the host's punycode (xn--…) spells an invisible direction mark".into()))),
        ("https://kc.xn--a-ygn\u{16}", Some(UrlProblem::InvisibleCharacter('\u{16}'))),
        // Hostile input (tests/hostile/input.json): what cannot be seen, what DNS refuses,
        // paths that mean something other than they show.
        ("https://kc.exa\u{0}mple.com", Some(UrlProblem::InvisibleCharacter('\u{0}'))),
        ("https://kc.exam\u{200B}ple.com", Some(UrlProblem::InvisibleCharacter('\u{200B}'))),
        ("https://kc.example.com/\u{202E}auth", Some(UrlProblem::InvisibleCharacter('\u{202E}'))),
        ("https://kc.example.com/auth\u{FEFF}", Some(UrlProblem::InvisibleCharacter('\u{FEFF}'))),
        (&format!("https://{}example.com", "a.".repeat(300)), Some(UrlProblem::HostNameTooLong { total: 611, longest_label: 7 })),
        (&format!("https://{}.example.com", "a".repeat(64)), Some(UrlProblem::HostNameTooLong { total: 76, longest_label: 64 })),
        (&format!("https://{}.example.com", "a".repeat(63)), None),
        ("https://kc.example.com/a/../auth", Some(UrlProblem::AmbiguousPath("`.` or `..` segments"))),
        ("https://kc.example.com/./auth", Some(UrlProblem::AmbiguousPath("`.` or `..` segments"))),
        ("https://kc.example.com/%2E%2e/auth", Some(UrlProblem::AmbiguousPath("`.` or `..` segments"))),
        ("https://kc.example.com/%2fauth", Some(UrlProblem::AmbiguousPath("a percent-encoded slash, backslash or NUL (%2F, %5C, %00), or a backslash"))),
        ("https://kc.example.com/auth%00", Some(UrlProblem::AmbiguousPath("a percent-encoded slash, backslash or NUL (%2F, %5C, %00), or a backslash"))),
        ("https://kc.example.com\\auth", Some(UrlProblem::AmbiguousPath("a percent-encoded slash, backslash or NUL (%2F, %5C, %00), or a backslash"))),
        ("https://kc.example.com/.../auth", None),
        // The authority ends at a backslash, as browsers and Node read it: host `kc.example.com`
        // with the path `\b@c` (not user info), `\ü` (not a non-ASCII host).
        ("https://kc.example.com\\b@c", Some(UrlProblem::AmbiguousPath("a percent-encoded slash, backslash or NUL (%2F, %5C, %00), or a backslash"))),
        ("https://kc.example.com\\ü", Some(UrlProblem::AmbiguousPath("a percent-encoded slash, backslash or NUL (%2F, %5C, %00), or a backslash"))),
        ("https://admin@kc.example.com\\auth", Some(UrlProblem::UserInfo)),
        // Found by fuzzing: one slash after the scheme, `//` further on; the path before it counts.
        ("http:/kc.example.com/a%00b//c", Some(UrlProblem::MissingScheme)),
        ("https://kc.example.com/sso.v2/auth", None),
    ];
    for (input, expected) in cases {
        assert_eq!(problem(input), expected, "{input:?}");
    }
}

#[test]
fn loopback_internal_and_private_hosts_are_told_apart() {
    // (url, loopback, internal name, private address)
    #[rustfmt::skip]
    let cases = [
        ("http://localhost:8080", true, false, false),
        ("http://LOCALHOST", true, false, false),
        ("http://localhost.", true, false, false),
        ("http://kc.localhost", true, false, false),
        ("http://127.0.0.1", true, false, true),
        ("http://127.1.2.3", true, false, true),
        ("http://0.0.0.0", true, false, true),
        ("http://[::1]", true, false, true),
        ("http://[::]", true, false, true),
        ("http://[::ffff:127.0.0.1]", true, false, true),
        ("http://keycloak:8080", false, true, false),
        ("http://host.docker.internal:8080", false, true, false),
        ("http://kc.corp.internal", false, true, false),
        ("http://kc.local", false, true, false),
        ("http://keycloak.auth.svc", false, true, false),
        ("http://keycloak.auth.svc.cluster.local", false, true, false),
        ("http://10.1.2.3", false, false, true),
        ("http://172.20.0.4", false, false, true),
        ("http://192.168.1.10", false, false, true),
        ("http://[fd00::1]", false, false, true),
        ("https://kc.example.com", false, false, false),
        ("https://8.8.8.8", false, false, false),
        ("https://notlocalhost.com", false, false, false),
    ];
    for (url, loopback, internal, private) in cases {
        let host = host_of(url).expect(url).host;
        assert_eq!(
            (
                host.is_loopback(),
                host.is_internal_name(),
                host.is_private_address()
            ),
            (loopback, internal, private),
            "{url}"
        );
    }
}

#[test]
fn cleaning_offers_a_usable_value_when_one_exists() {
    #[rustfmt::skip]
    let cases = [
        (" https://kc.example.com ", Some("https://kc.example.com")),
        ("kc.example.com", Some("https://kc.example.com")),
        ("kc.example.com/auth/", Some("https://kc.example.com/auth")),
        // Keycloak's plain-HTTP port gets http://; any other, https://.
        ("localhost:8080/auth", Some("http://localhost:8080/auth")),
        ("kc.example.com:80/", Some("http://kc.example.com")),
        ("keycloak:8443", Some("https://keycloak:8443")),
        ("kc.example.com:18080", Some("https://kc.example.com:18080")),
        ("https://admin:pw@kc.example.com", Some("https://kc.example.com")),
        ("https://kc.example.com/?x=1#y", Some("https://kc.example.com")),
        ("https://kc.example.com", None),
        ("javascript:alert(1)", None),
        ("https://kc example.com", None),
        ("", None),
    ];
    for (input, expected) in cases {
        assert_eq!(cleaned_url(input).as_deref(), expected, "{input:?}");
    }
}

/// `parse_url` keeps its recent answers and `host_of` builds http(s) origins itself: the
/// same origins as the `url` crate's own, and the same answers repeated, in any order.
#[test]
fn cached_parses_built_origins_and_shown_hosts_match_the_url_crate() {
    #[rustfmt::skip]
    let cases = [
        "https://kc.example.com", "HTTPS://KC.Example.COM:443/auth/", "http://kc.example.com:80",
        "http://kc.example.com:8080/sso", "https://[::1]:8443/", "http://127.0.0.1:8080",
        "https://xn--bcher-kva.example/", "ftp://files.example.com/x", "foo://bar/baz",
        "https://kc.example.com/realms/wiki?x#y", "not a url", "https://bücher.example",
        "http://[::ffff:127.0.0.1]:8080", "https://[2001:DB8:0:0:0:0:0:1]/auth", "http://0x7f.1/",
    ];
    for round in 0..3 {
        for input in cases.iter().chain(cases.iter().rev()) {
            let expected = parse_url(input).ok().filter(|u| u.host().is_some());
            let got = host_of(input);
            match (&expected, &got) {
                (Some(url), Some(base)) => {
                    assert_eq!(
                        base.origin,
                        url.origin().ascii_serialization(),
                        "{input} (round {round})"
                    );
                    assert_eq!(
                        Some(base.host.display().as_str()),
                        url.host_str(),
                        "{input}"
                    );
                }
                (Some(url), None) => panic!("{input}: no base from {url}"),
                (None, None) => {}
                (None, Some(base)) => panic!("{input}: {base:?} from a URL that does not parse"),
            }
            assert_eq!(parse_base(input), parse_base(input), "{input}");
        }
    }
}

/// An endpoint from the address bar must stay on the page's origin, as `fetch` resolves it.
#[rustfmt::skip]
#[test]
fn a_target_is_on_the_origin_only_as_fetch_resolves_it() {
    let page = "https://wiki.example.com";
    let cases = [
        ("/graphql", true),
        ("graphql", true),
        ("../graphql", true),
        ("?q=1", true),
        ("https://wiki.example.com/graphql", true),
        ("HTTPS://WIKI.example.com:443/graphql", true),
        ("  /graphql  ", true),
        ("https://evil.example/graphql", false),
        ("//evil.example/graphql", false),
        ("/\\evil.example/graphql", false),
        ("\\\\evil.example/graphql", false),
        ("/\t/evil.example/graphql", false),
        (" //evil.example/graphql", false),
        ("http://wiki.example.com/graphql", false),
        ("https://wiki.example.com:8443/graphql", false),
        ("https://wiki.example.com.evil.example/graphql", false),
        ("https://wiki.example.com@evil.example/graphql", false),
        ("javascript:alert(1)", false),
        ("https://wîki.example.com/graphql", false),
    ];
    for (target, allowed) in cases {
        assert_eq!(on_origin_of(target, page), allowed, "{target:?}");
    }
    assert!(!on_origin_of("/graphql", "not a url"));
}

#[test]
#[rustfmt::skip]
fn a_link_is_http_or_relative() {
    let cases = [
        ("https://git.example.com/wikijs-keycloak/docs/diagnostics.md", true),
        ("http://docs.internal/diagnostics.html", true),
        ("/docs/diagnostics.html", true),
        ("diagnostics.html", true),
        ("  HTTPS://git.example.com/d.md ", true),
        ("javascript:alert(1)", false),
        (" java\tscript:alert(1)", false),
        ("JavaScript:alert(1)", false),
        ("data:text/html,<b>hi</b>", false),
        ("vbscript:x", false),
        ("ftp://files.example.com/d.md", false),
        ("https://", false),
    ];
    for (target, allowed) in cases {
        assert_eq!(is_web_link(target), allowed, "{target:?}");
    }
}

/// Every parser here reads the same host as WHATWG URL parsing: the strict one accepts a
/// backslash path (the typed-URL check refuses it as ambiguous, not as a host problem).
#[test]
#[rustfmt::skip]
fn the_parsers_agree_on_the_host() {
    let cases = [
        ("https://kc.example.com\\b@c", "kc.example.com"),
        ("https://kc.example.com\\ü", "kc.example.com"),
        ("https:\\\\kc.example.com/auth", "kc.example.com"),
        ("https://kc.example.com?x#y", "kc.example.com"),
    ];
    for (input, host) in cases {
        assert_eq!(parse_url(input).ok().and_then(|u| u.host_str().map(str::to_owned)).as_deref(), Some(host), "parse_url {input:?}");
        if !input.contains(['?', '#']) && input.contains("://") {
            assert_eq!(crate::host::parse_http_url(input).map(|u| u.host_str().map(str::to_owned)), Ok(Some(host.to_owned())), "parse_http_url {input:?}");
        }
    }
}
