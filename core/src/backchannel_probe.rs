//! The `backchannel-probe` command: a one-line `node -e '…'` the admin runs where Wiki.js runs,
//! to see what the Wiki.js server itself reaches.
//!
//! The browser cannot test the server-side calls (token, userinfo), and Wiki.js hides their
//! real error behind "Failed to obtain access token". The probe calls the same URLs with the
//! server's own Node and prints, for each, the HTTP status or the real error code with what it
//! means. It uses only Node's `http`/`https` modules and ES5 syntax (the official Wiki.js 2.x
//! images ship older Node versions, without a global `fetch`), runs the calls one after the
//! other so the output order is stable, and never carries the client secret.
//!
//! **Quoting.** Every value reaches the JavaScript as a JSON string literal in which `'`, `!`
//! and the JavaScript line separators are `\u` escapes, and the fixed code contains none of
//! them, so the whole program is safe inside one pair of shell single quotes (and `!` cannot
//! trigger an interactive shell's history expansion).

use serde::Serialize;
use serde_json::{json, Map, Value};
use url::Host;

use crate::derive::{encode_realm, Derived};
use crate::host::{parse_http_url, parse_url};
use crate::keycloak_client::sh_quote;
use crate::node_errors::NODE_ERRORS;
use crate::settings::Settings;

/// The container name in the `docker exec` form; the admin replaces it with theirs.
pub const DOCKER_CONTAINER_PLACEHOLDER: &str = "wikijs";

/// How long each call may take before the probe reports `ETIMEDOUT`.
pub const PROBE_TIMEOUT_MS: u32 = 10_000;

/// Explanations for HTTP answers, keyed by what the JavaScript looks up.
const STATUS_MEANINGS: &[(&str, &str)] = &[
    ("_discovery_ok", "Keycloak answered from this machine."),
    ("_token_ok", "Keycloak answered; an error for this empty request is expected, so the token URL is reachable from this machine."),
    ("_userinfo_ok", "Keycloak answered; without a token this error is expected, so the userinfo URL is reachable from this machine."),
    ("_https", "the realm refuses plain http from this address (Require SSL): use https."),
    ("_not_found", "nothing is served at this path: a wrong realm name, or the other path layout (with or without /auth)."),
    ("_redirect", "Wiki.js does not follow redirects for these calls: use the URL it redirects to."),
    ("_server", "the server or a proxy in front of it failed: check Keycloak's and the proxy's logs."),
    ("_unexpected", "this is not what Keycloak answers here: another server (or a proxy's page) may answer at this address."),
    ("_other", "the Wiki.js server cannot make this call."),
];

/// One call the probe makes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProbeCall {
    /// `discovery`, `token` or `userinfo`.
    pub kind: &'static str,
    pub method: &'static str,
    pub url: String,
}

/// The two copyable forms of the probe.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProbeCommands {
    /// `node -e '…'`, for a shell where Wiki.js runs.
    pub plain: String,
    /// `docker exec wikijs node -e '…'` (replace `wikijs` with the container's name).
    pub docker: String,
}

/// The calls the probe makes, in order: the discovery document (from the base the server uses:
/// the internal base when set, else the public one), the token URL (a POST with an empty form)
/// and the userinfo URL (a GET without a token) as they will be saved. URLs that are not
/// usable yet are left out.
pub fn probe_targets(settings: &Settings, derived: &Derived) -> Vec<ProbeCall> {
    let mut targets = Vec::new();
    let base = derived
        .internal_base
        .as_ref()
        .or(derived.public_base.as_ref());
    if let Some(base) = base.filter(|_| !settings.realm.is_empty()) {
        targets.push(ProbeCall {
            kind: "discovery",
            method: "GET",
            url: format!(
                "{base}/realms/{}/.well-known/openid-configuration",
                encode_realm(&settings.realm)
            ),
        });
    }
    for (kind, method, url) in [
        ("token", "POST", &derived.endpoints.token.value),
        ("userinfo", "GET", &derived.endpoints.user_info.value),
    ] {
        if parse_http_url(url).is_ok() {
            targets.push(ProbeCall {
                kind,
                method,
                url: url.clone(),
            });
        }
    }
    targets
}

/// The JavaScript program (one line, ES5, no `'` or `!`), for `node -e`.
pub fn probe_script(settings: &Settings, derived: &Derived) -> String {
    let probes: Vec<Value> = probe_targets(settings, derived)
        .iter()
        .filter_map(request_options)
        .collect();
    let meanings: Map<String, Value> = NODE_ERRORS
        .iter()
        .map(|e| (e.code, e.meaning))
        .chain(STATUS_MEANINGS.iter().copied())
        .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
        .collect();
    SCRIPT
        .replace("__MEANINGS__", &js_literal(&Value::Object(meanings)))
        .replace("__PROBES__", &js_literal(&Value::Array(probes)))
        .replace("__TIMEOUT__", &PROBE_TIMEOUT_MS.to_string())
}

/// The probe as a plain and a `docker exec` command line.
pub fn probe_commands(settings: &Settings, derived: &Derived) -> ProbeCommands {
    let script = sh_quote(&probe_script(settings, derived));
    ProbeCommands {
        plain: format!("node -e {script}"),
        docker: format!("docker exec {DOCKER_CONTAINER_PLACEHOLDER} node -e {script}"),
    }
}

/// What `http.request` needs for one target: host without brackets, port, path with query.
fn request_options(target: &ProbeCall) -> Option<Value> {
    let url = parse_url(&target.url).ok()?;
    let host = match url.host()? {
        Host::Domain(d) => d.to_owned(),
        Host::Ipv4(a) => a.to_string(),
        Host::Ipv6(a) => a.to_string(),
    };
    let mut path = url.path().to_owned();
    if let Some(query) = url.query() {
        path.push('?');
        path.push_str(query);
    }
    Some(json!({
        "k": target.kind,
        "m": target.method,
        "u": target.url,
        "s": url.scheme() == "https",
        "h": host,
        "p": url.port_or_known_default().unwrap_or(80),
        "a": path,
    }))
}

/// JSON is a JavaScript literal; escape what would end the shell's single quotes, trigger
/// history expansion, or (in old engines) end a string: `'`, `!`, U+2028, U+2029. These only
/// occur inside JSON strings, where a `\u` escape means the same character.
fn js_literal(value: &Value) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '\'' => out.push_str("\\u0027"),
            '!' => out.push_str("\\u0021"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The probe program. Written without `'`, `!` and newlines; placeholders are filled by
/// [`probe_script`]. Calls run one after the other; each prints `[kind] METHOD url` and an
/// indented line with the status or the error code and its meaning.
const SCRIPT: &str = concat!(
    "var M=__MEANINGS__,P=__PROBES__,T=__TIMEOUT__,i=0;",
    "function say(p,t){console.log(\"[\"+p.k+\"] \"+p.m+\" \"+p.u+\"\\n  \"+t)}",
    // A code the table lacks: its own text says why (`HPE_…: Parse Error: Expected HTTP/`).
    "function err(e){var c=e&&e.code?String(e.code):\"\",t=String(e&&e.message||e);",
    "if(M[c])return c+\": \"+M[c];return(c&&t.indexOf(c)<0?c+\": \":\"\")+t+\": \"+M._other}",
    "function judge(p,res,b){var s=res.statusCode,j=null,d=\"\";",
    "try{j=JSON.parse(b)}catch(x){}",
    "if(j&&typeof j==\"object\"&&(j.error_description||j.error))d=\" (\"+(j.error_description||j.error)+\")\";",
    "var h=\"HTTP \"+s+d+\": \";",
    "if(s==403&&b.indexOf(\"HTTPS required\")>=0)return h+M._https;",
    "if(p.k==\"discovery\"&&s==200&&j&&j.issuer)return h+M._discovery_ok+\" issuer \"+j.issuer+\", token_endpoint \"+j.token_endpoint;",
    // Keycloak's refusals are an OAuth error (JSON, or a Bearer challenge): a proxy's HTML
    // 400 is not Keycloak answering.
    "var kc=j&&typeof j==\"object\"&&j.error||/^bearer/i.test(res.headers[\"www-authenticate\"]||\"\");",
    "if(kc&&p.k==\"token\"&&(s==400||s==401))return h+M._token_ok;",
    "if(kc&&p.k==\"userinfo\"&&(s==400||s==401||s==403))return h+M._userinfo_ok;",
    "if(s==404)return h+M._not_found;",
    "if(s>=300&&s<400)return h+\"redirects to \"+res.headers.location+\": \"+M._redirect;",
    "if(s>=500)return h+M._server;",
    "return h+M._unexpected}",
    // A deadline for the whole call (setTimeout on the request only times silences, and a
    // server that drips a byte now and then kept it open forever).
    "function run(p){var done=false,body=\"\",r,k;",
    "function fin(t){if(done)return;done=true;clearTimeout(k);say(p,t);next()}",
    "k=setTimeout(function(){fin(\"ETIMEDOUT: \"+M.ETIMEDOUT);if(r)r.destroy()},T);",
    "var o={method:p.m,hostname:p.h,port:p.p,path:p.a,headers:{Accept:\"application/json\"}};",
    "if(p.m==\"POST\"){o.headers[\"Content-Type\"]=\"application/x-www-form-urlencoded\";o.headers[\"Content-Length\"]=\"0\"}",
    "try{r=require(p.s?\"https\":\"http\").request(o,function(res){res.setEncoding(\"utf8\");",
    "res.on(\"data\",function(c){if(body.length<65536)body+=c});",
    "res.on(\"end\",function(){fin(judge(p,res,body))});",
    // Node 14 and older end an answer cut off mid-body with "aborted", neither "end" nor
    // "error": without it nothing at all was printed.
    "res.on(\"aborted\",function(){fin(\"ECONNRESET: \"+M.ECONNRESET)});",
    "res.on(\"error\",function(e){fin(err(e))})})}catch(e){fin(err(e));return}",
    "r.setTimeout(T,function(){fin(\"ETIMEDOUT: \"+M.ETIMEDOUT);r.destroy()});",
    "r.on(\"error\",function(e){fin(err(e))});",
    "r.end()}",
    "function next(){var p=P[i++];if(p)run(p)}",
    "if(P.length==0)console.log(\"Nothing to probe yet: fill in Host and Realm first.\");",
    "next()",
);
