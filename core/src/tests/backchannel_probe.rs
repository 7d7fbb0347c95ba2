//! The backchannel probe: which URLs it calls, that its program is valid, safe to paste and
//! secret-free, and what it prints when run against a real listener and a closed port.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::thread;
use std::time::Duration;

use crate::backchannel_probe::{probe_commands, probe_script, probe_targets, PROBE_TIMEOUT_MS};
use crate::derive;
use crate::secret::Secret;
use crate::settings::Settings;

const SECRET: &str = "x7Kp2mQ9vR4tL8wZ3nB6cF1hJ5dG0sYa";

fn settings(host: &str) -> Settings {
    Settings {
        site_url: "https://wiki.example.com".into(),
        strategy_key: "5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77".into(),
        host: host.into(),
        realm: "wiki".into(),
        client_id: "wikijs".into(),
        client_secret: Secret::new(SECRET),
        ..Settings::default()
    }
}

fn urls(s: &Settings) -> Vec<String> {
    probe_targets(s, &derive(s))
        .into_iter()
        .map(|t| format!("{} {} {}", t.kind, t.method, t.url))
        .collect()
}

#[test]
fn probe_calls_discovery_token_and_userinfo_from_the_public_base() {
    let s = settings("https://kc.example.com");
    assert_eq!(
        urls(&s),
        [
            "discovery GET https://kc.example.com/realms/wiki/.well-known/openid-configuration",
            "token POST https://kc.example.com/realms/wiki/protocol/openid-connect/token",
            "userinfo GET https://kc.example.com/realms/wiki/protocol/openid-connect/userinfo",
        ]
    );
}

#[test]
fn probe_uses_the_internal_base_when_set() {
    let s = Settings {
        internal_base_url: "http://keycloak:8080".into(),
        ..settings("https://kc.example.com")
    };
    assert_eq!(
        urls(&s),
        [
            "discovery GET http://keycloak:8080/realms/wiki/.well-known/openid-configuration",
            "token POST http://keycloak:8080/realms/wiki/protocol/openid-connect/token",
            "userinfo GET http://keycloak:8080/realms/wiki/protocol/openid-connect/userinfo",
        ]
    );
}

#[test]
fn probe_calls_the_overridden_token_url() {
    let mut s = settings("https://kc.example.com");
    s.overrides.token =
        Some("https://other.example.com/realms/x/protocol/openid-connect/token".into());
    assert_eq!(
        urls(&s)[1],
        "token POST https://other.example.com/realms/x/protocol/openid-connect/token"
    );
}

#[test]
fn probe_leaves_out_unusable_urls() {
    let cases: &[(&str, &str, usize)] = &[
        ("https://kc.example.com", "", 0),
        ("", "wiki", 0),
        ("not a url", "wiki", 0),
        ("https://kc.example.com/auth", "wiki", 3),
    ];
    for (host, realm, expected) in cases {
        let s = Settings {
            realm: realm.to_string(),
            ..settings(host)
        };
        assert_eq!(urls(&s).len(), *expected, "{host} {realm}");
    }
}

#[test]
fn probe_never_carries_the_secret() {
    let s = settings("https://kc.example.com");
    let commands = probe_commands(&s, &derive(&s));
    assert!(!commands.plain.contains(SECRET));
    assert!(!commands.docker.contains(SECRET));
}

#[test]
fn probe_commands_are_one_line_in_single_quotes() {
    let mut s = settings("https://kc.example.com");
    s.overrides.token =
        Some("https://kc.example.com/realms/it's!/protocol/openid-connect/token".into());
    let script = probe_script(&s, &derive(&s));
    assert!(!script.contains('\''), "{script}");
    assert!(!script.contains('!'), "{script}");
    assert!(!script.contains('\n'), "{script}");
    let commands = probe_commands(&s, &derive(&s));
    assert_eq!(commands.plain, format!("node -e '{script}'"));
    assert_eq!(
        commands.docker,
        format!("docker exec wikijs node -e '{script}'")
    );
}

/// The probe's run-time tests run it with Node, as the Wiki.js server would: every machine
/// this project builds on has Node, so a missing one fails them rather than skipping them.
fn require_node() {
    let ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(ok, "node must be on PATH: these tests run the probe script");
}

#[test]
fn probe_script_is_valid_javascript() {
    require_node();
    let mut hostile = settings("https://kc.example.com");
    hostile.overrides.token =
        Some("https://kc.example.com/realms/a'b!c\"d\\e/protocol/openid-connect/token".into());
    for s in [settings("https://kc.example.com"), settings(""), hostile] {
        let path = std::env::temp_dir().join(format!("wikijs-probe-{}.js", std::process::id()));
        std::fs::write(&path, probe_script(&s, &derive(&s))).expect("write");
        let out = Command::new("node")
            .arg("--check")
            .arg(&path)
            .output()
            .expect("node runs");
        let _ = std::fs::remove_file(&path);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A local port nothing listens on (bound, then released at once).
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// A listener that answers `count` requests like Keycloak would (discovery 200, token 400,
/// userinfo 401) and reports each request line.
fn fake_keycloak(count: usize) -> (u16, thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let handle = thread::spawn(move || {
        let mut seen = Vec::new();
        for stream in listener.incoming().take(count) {
            let Ok(mut stream) = stream else { break };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let text = String::from_utf8_lossy(&request).into_owned();
            let line = text.lines().next().unwrap_or("").to_owned();
            let (status, body) = if line.contains(".well-known") {
                ("200 OK", format!("{{\"issuer\":\"http://127.0.0.1:{port}/realms/wiki\",\"token_endpoint\":\"http://127.0.0.1:{port}/realms/wiki/protocol/openid-connect/token\"}}"))
            } else if line.contains("/token") {
                ("400 Bad Request", "{\"error\":\"invalid_request\",\"error_description\":\"Missing form parameter: grant_type\"}".to_owned())
            } else {
                (
                    "401 Unauthorized",
                    "{\"error\":\"invalid_token\"}".to_owned(),
                )
            };
            let response = format!("HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
            let _ = stream.write_all(response.as_bytes());
            seen.push(format!(
                "{line} | {}",
                text.to_ascii_lowercase().contains("content-length: 0")
            ));
        }
        seen
    });
    (port, handle)
}

fn run_plain(s: &Settings) -> String {
    let out = Command::new("sh")
        .arg("-c")
        .arg(probe_commands(s, &derive(s)).plain)
        .output()
        .expect("sh runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn probe_prints_each_status_from_a_live_server() {
    require_node();
    let (port, server) = fake_keycloak(3);
    let s = settings(&format!("http://127.0.0.1:{port}"));
    let printed = run_plain(&s);
    let requests = server.join().expect("listener");
    let base = format!("http://127.0.0.1:{port}/realms/wiki");
    let expected = [
        format!("[discovery] GET {base}/.well-known/openid-configuration\n  HTTP 200: Keycloak answered from this machine. issuer {base}, token_endpoint {base}/protocol/openid-connect/token"),
        format!("[token] POST {base}/protocol/openid-connect/token\n  HTTP 400 (Missing form parameter: grant_type): Keycloak answered; an error for this empty request is expected"),
        format!("[userinfo] GET {base}/protocol/openid-connect/userinfo\n  HTTP 401 (invalid_token): Keycloak answered; without a token this error is expected"),
    ];
    for line in expected {
        assert!(printed.contains(&line), "missing {line:?} in:\n{printed}");
    }
    assert_eq!(
        requests,
        [
            "GET /realms/wiki/.well-known/openid-configuration HTTP/1.1 | false",
            "POST /realms/wiki/protocol/openid-connect/token HTTP/1.1 | true",
            "GET /realms/wiki/protocol/openid-connect/userinfo HTTP/1.1 | false",
        ]
    );
}

/// A server that answers discovery with headers and then a byte now and then, forever, and
/// the token call with a proxy's HTML 400: the probe gives up on the first within its
/// deadline, and does not call the second Keycloak's answer.
#[test]
fn probe_ends_a_dripping_answer_and_does_not_take_a_proxy_page_for_keycloak() {
    require_node();
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    thread::spawn(move || {
        for stream in listener.incoming().take(3) {
            let Ok(mut stream) = stream else { break };
            thread::spawn(move || {
                let mut buf = [0u8; 2048];
                let n = stream.read(&mut buf).unwrap_or(0);
                let line = String::from_utf8_lossy(&buf[..n]).into_owned();
                if line.contains(".well-known") {
                    let _ = stream
                        .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{");
                    for _ in 0..60 {
                        thread::sleep(Duration::from_millis(500));
                        if stream.write_all(b" ").is_err() {
                            break;
                        }
                    }
                } else {
                    let body = "<html><body><h1>400 Bad Request</h1></body></html>";
                    let _ = stream.write_all(format!("HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).as_bytes());
                }
            });
        }
    });
    let started = std::time::Instant::now();
    let printed = run_plain(&settings(&format!("http://127.0.0.1:{port}")));
    let took = started.elapsed();
    assert!(
        took < Duration::from_millis(u64::from(PROBE_TIMEOUT_MS) + 5_000),
        "{took:?}: {printed}"
    );
    assert!(
        printed.contains("/.well-known/openid-configuration\n  ETIMEDOUT:"),
        "{printed}"
    );
    assert!(
        printed.contains("/token\n  HTTP 400: this is not what Keycloak answers here"),
        "{printed}"
    );
}

#[test]
fn probe_prints_econnrefused_for_a_closed_port() {
    require_node();
    let port = closed_port();
    let printed = run_plain(&settings(&format!("http://127.0.0.1:{port}")));
    assert_eq!(
        printed
            .matches("ECONNREFUSED: nothing accepts connections")
            .count(),
        3,
        "{printed}"
    );
    assert!(
        printed.contains("localhost is the container itself"),
        "{printed}"
    );
}

/// A listener that answers each of `count` connections with `answer`, whatever is asked.
fn fake_server(answer: &'static [u8], count: usize) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    thread::spawn(move || {
        for stream in listener.incoming().take(count) {
            let Ok(mut stream) = stream else { break };
            let _ = stream.write_all(answer);
            let _ = stream.flush();
        }
    });
    port
}

/// What is not Keycloak at that port: each call says what answered, and a code the table
/// lacks is printed with Node's own text, not "see the error text" with none.
#[test]
#[rustfmt::skip]
fn probe_says_what_answers_when_it_is_not_http() {
    require_node();
    let cases: &[(&[u8], &str)] = &[
        (b"SSH-2.0-OpenSSH_9.6\r\n", "HPE_INVALID_CONSTANT: what answers at this port does not speak HTTP"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n", "HPE_INVALID_CONTENT_LENGTH: Parse Error: Invalid character in Content-Length: the Wiki.js server cannot make this call."),
    ];
    for (answer, says) in cases {
        let port = fake_server(answer, 3);
        let printed = run_plain(&settings(&format!("http://127.0.0.1:{port}")));
        assert_eq!(printed.matches(says).count(), 3, "{says:?} in {printed}");
    }
}

#[test]
fn probe_prints_a_hint_when_there_is_nothing_to_call() {
    require_node();
    let printed = run_plain(&settings(""));
    assert_eq!(
        printed.trim(),
        "Nothing to probe yet: fill in Host and Realm first."
    );
}

#[test]
fn probe_url_with_quotes_is_printed_exactly() {
    require_node();
    let port = closed_port();
    let mut s = settings(&format!("http://127.0.0.1:{port}"));
    s.realm = String::new();
    let url = format!("http://127.0.0.1:{port}/realms/it's!$(x)/protocol/openid-connect/token");
    s.overrides.token = Some(url.clone());
    s.overrides.user_info = Some("nope".into());
    let printed = run_plain(&s);
    assert!(
        printed.starts_with(&format!("[token] POST {url}\n  ECONNREFUSED")),
        "{printed}"
    );
}

#[test]
fn every_node_error_is_explained_once_and_troubleshooting_knows_the_ones_it_reads() {
    use crate::node_errors::NODE_ERRORS;
    use crate::troubleshoot::recognised_patterns;
    let script = probe_script(
        &settings("https://kc.example.com"),
        &derive(&settings("https://kc.example.com")),
    );
    for (i, error) in NODE_ERRORS.iter().enumerate() {
        assert!(
            NODE_ERRORS[..i].iter().all(|e| e.code != error.code),
            "{} twice",
            error.code
        );
        assert!(script.contains(error.code), "{} in the probe", error.code);
    }
    // Every Node code troubleshooting recognises is one of the table's.
    for pattern in recognised_patterns() {
        let looks_like_a_code =
            pattern.len() > 4 && pattern.chars().all(|c| c.is_ascii_uppercase() || c == '_');
        if looks_like_a_code {
            assert!(NODE_ERRORS.iter().any(|e| e.code == pattern), "{pattern}");
        }
    }
}
