//! Reading a discovery document: the fields the live check compares, and why a 2xx body is
//! not one.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::settings::Endpoint;

/// The most of a discovery answer the browser reads (a real one is a few KB); a body this
/// long was cut off, so it cannot parse.
pub const MAX_DISCOVERY_BYTES: usize = 256 * 1024;

/// Why a 2xx body is not a discovery document, in a few words for the finding.
pub fn why_not_discovery(body: &str) -> &'static str {
    if body.len() >= MAX_DISCOVERY_BYTES {
        return "over 256 KB, where a discovery document is a few KB";
    }
    match serde_json::from_str::<Value>(body) {
        Err(e) if e.to_string().starts_with("recursion limit") => "JSON nested too deeply",
        Err(_) => "not JSON",
        Ok(_) => "JSON without an issuer or authorization endpoint",
    }
}

/// The discovery fields the configurator shows side by side with its own URLs. Each is `None`
/// when missing or not a string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Discovery {
    pub issuer: Option<String>,
    pub authorization_endpoint: Option<String>,
    pub token_endpoint: Option<String>,
    pub userinfo_endpoint: Option<String>,
    pub end_session_endpoint: Option<String>,
}

impl Discovery {
    /// Read a discovery document; `None` unless it is a JSON object naming at least an issuer
    /// or an authorization endpoint.
    pub fn parse(body: &str) -> Option<Discovery> {
        let value: Value = serde_json::from_str(body).ok()?;
        let object = value.as_object()?;
        let field = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_owned);
        let discovery = Discovery {
            issuer: field("issuer"),
            authorization_endpoint: field("authorization_endpoint"),
            token_endpoint: field("token_endpoint"),
            userinfo_endpoint: field("userinfo_endpoint"),
            end_session_endpoint: field("end_session_endpoint"),
        };
        (discovery.issuer.is_some() || discovery.authorization_endpoint.is_some())
            .then_some(discovery)
    }

    /// The advertised URL for one of the four endpoints Wiki.js stores.
    pub fn endpoint(&self, endpoint: Endpoint) -> Option<&str> {
        match endpoint {
            Endpoint::Authorization => self.authorization_endpoint.as_deref(),
            Endpoint::Token => self.token_endpoint.as_deref(),
            Endpoint::UserInfo => self.userinfo_endpoint.as_deref(),
            Endpoint::Logout => self.end_session_endpoint.as_deref(),
        }
    }
}
