//! The one module that knows the Wiki.js 2.5 GraphQL shape.
//!
//! Everything Wiki.js-specific about talking to its API is here, as pure functions: the
//! documents to send ([`queries`]), how to read any answer and every way it fails
//! ([`response`]), the two encodings of a strategy and the mapping to the form's
//! [`crate::Settings`] ([`strategy`]), the full-list save with its guard and the
//! after-save verification ([`merge`]), what a save changes ([`changes`]), the strategy's place in the login list ([`login_list`]), how a save ended in words ([`outcome`]) and new
//! strategy keys ([`uuid`]). The shell only moves bodies over HTTP; the
//! contract recordings in `../shared/contracts/wikijs-2.5.314/` are the tests' ground truth.

pub mod admin_page;
pub mod changes;
pub mod limits;
pub mod login_list;
pub mod merge;
pub mod outcome;
pub mod plan;
pub mod queries;
pub mod response;
pub mod strategy;
pub mod uuid;

pub use admin_page::{admin_page_url, ADMIN_GENERAL};
pub use limits::{is_plausible_jwt, too_large, MAX_ANSWER_BYTES};
pub use login_list::login_list_position;
pub use merge::{
    already_applied, changed_since, check_not_dropping, diff_config, merge, stored_differently,
};
pub use queries::{
    active_strategies_body, auto_login_body, group_body, load_body, probe_body,
    update_strategies_body,
};
pub use response::{
    decode, decode_active, decode_data, decode_group, decode_load, decode_probe, decode_result,
    BackendError, BodyKind, GroupSummary, Loaded, ResponseResult, SiteConfig,
};
pub use strategy::{
    keycloak_input, keycloak_prop_keys, keycloak_strategies, picker_label, settings_from_strategy,
    strategy_label, ActiveStrategy, ConfigValue, KeyValue, StrategyDefinition, StrategyInput,
    StrategyRef,
};
pub use uuid::{is_uuid, uuid_v4_from_bytes};
