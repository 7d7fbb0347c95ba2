//! Node's error codes for a call that failed, with what each means for a Wiki.js server: the
//! one table the backchannel probe prints from (on the server) and troubleshooting
//! recognises (in pasted logs).

/// One Node error code and its meaning, worded to follow "CODE: " in the probe's output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeError {
    pub code: &'static str,
    pub meaning: &'static str,
}

/// Every code the probe explains.
pub const NODE_ERRORS: [NodeError; 17] = [
    ECONNREFUSED,
    ENOTFOUND,
    EAI_AGAIN,
    ETIMEDOUT,
    ECONNRESET,
    EHOSTUNREACH,
    ENETUNREACH,
    EPROTO,
    ERR_SSL_WRONG_VERSION_NUMBER,
    DEPTH_ZERO_SELF_SIGNED_CERT,
    SELF_SIGNED_CERT_IN_CHAIN,
    UNABLE_TO_VERIFY_LEAF_SIGNATURE,
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
    CERT_HAS_EXPIRED,
    CERT_NOT_YET_VALID,
    ERR_TLS_CERT_ALTNAME_INVALID,
    HPE_INVALID_CONSTANT,
];

pub const ECONNREFUSED: NodeError = NodeError {
    code: "ECONNREFUSED",
    meaning: "nothing accepts connections at this host and port as seen from this machine. In a container, localhost is the container itself: use a name this machine reaches (the Docker service name, the host IP or its DNS name).",
};

pub const ENOTFOUND: NodeError = NodeError {
    code: "ENOTFOUND",
    meaning: "this machine cannot resolve the host name (DNS). Use a name its DNS knows, or map it (Docker extra_hosts, /etc/hosts, a shared network).",
};

pub const EAI_AGAIN: NodeError = NodeError {
    code: "EAI_AGAIN",
    meaning: "the DNS lookup got no answer: this machine's DNS server failed or did not answer. In an Alpine-based container (musl), a short name Docker or Kubernetes DNS knows can fail this way too: try its full name (in Kubernetes, with the namespace and .svc.cluster.local) or its address.",
};

pub const ETIMEDOUT: NodeError = NodeError {
    code: "ETIMEDOUT",
    meaning: "no answer in time: a firewall drops the traffic, or the host or port is wrong.",
};

pub const ECONNRESET: NodeError = NodeError {
    code: "ECONNRESET",
    meaning: "the connection was cut: often http spoken to an https port, or a proxy that drops the request.",
};

pub const EHOSTUNREACH: NodeError = NodeError {
    code: "EHOSTUNREACH",
    meaning: "there is no route to that host from this machine (network or firewall).",
};

pub const ENETUNREACH: NodeError = NodeError {
    code: "ENETUNREACH",
    meaning: "the network of that address is not reachable from this machine.",
};

pub const EPROTO: NodeError = NodeError {
    code: "EPROTO",
    meaning: "the TLS handshake failed: often https spoken to a plain http port.",
};

pub const ERR_SSL_WRONG_VERSION_NUMBER: NodeError = NodeError {
    code: "ERR_SSL_WRONG_VERSION_NUMBER",
    meaning: "https spoken to a plain http port: use http:// or the https port.",
};

pub const DEPTH_ZERO_SELF_SIGNED_CERT: NodeError = NodeError {
    code: "DEPTH_ZERO_SELF_SIGNED_CERT",
    meaning: "Keycloak's certificate is self-signed and Node does not trust it. Give the Wiki.js server the certificate with NODE_EXTRA_CA_CERTS=/path/ca.pem (never NODE_TLS_REJECT_UNAUTHORIZED=0).",
};

pub const SELF_SIGNED_CERT_IN_CHAIN: NodeError = NodeError {
    code: "SELF_SIGNED_CERT_IN_CHAIN",
    meaning: "the certificate chain ends in a private root CA that Node does not trust. Set NODE_EXTRA_CA_CERTS=/path/ca.pem on the Wiki.js server (never NODE_TLS_REJECT_UNAUTHORIZED=0).",
};

pub const UNABLE_TO_VERIFY_LEAF_SIGNATURE: NodeError = NodeError {
    code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    meaning: "Node cannot verify the certificate: an intermediate certificate is missing on the server, or it comes from a private CA. Serve the full chain, or set NODE_EXTRA_CA_CERTS=/path/ca.pem.",
};

pub const UNABLE_TO_GET_ISSUER_CERT_LOCALLY: NodeError = NodeError {
    code: "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    meaning: "the certificate's issuer is not among the CAs Node trusts: set NODE_EXTRA_CA_CERTS=/path/ca.pem on the Wiki.js server.",
};

pub const CERT_HAS_EXPIRED: NodeError = NodeError {
    code: "CERT_HAS_EXPIRED",
    meaning: "Keycloak's certificate has expired: renew it.",
};

pub const ERR_TLS_CERT_ALTNAME_INVALID: NodeError = NodeError {
    code: "ERR_TLS_CERT_ALTNAME_INVALID",
    meaning:
        "the certificate does not name this host: call Keycloak by a name its certificate lists.",
};

pub const CERT_NOT_YET_VALID: NodeError = NodeError {
    code: "CERT_NOT_YET_VALID",
    meaning: "Keycloak's certificate is not valid yet: this machine's clock is behind, or the certificate starts later than it should.",
};

/// Node's HTTP parser met something that is not HTTP: `Parse Error: Expected HTTP/`.
pub const HPE_INVALID_CONSTANT: NodeError = NodeError {
    code: "HPE_INVALID_CONSTANT",
    meaning: "what answers at this port does not speak HTTP (SSH, a database, another service): check the port.",
};
