//! Hostile input (tests/hostile/input.json) in every text field: refused with a reason where
//! the field needs a URL or a realm, plain text elsewhere; never a panic, never a message
//! that repeats a megabyte, every offered fix applicable.

use serde_json::Value;

use crate::diagnostics::fix::{apply_fix, set_text};
use crate::samples::{clean_context, clean_settings};
use crate::{derive, diagnose, Field, Severity};

struct Table {
    rejected_by: Vec<(Field, String)>,
    accepted_by: Vec<Field>,
    payloads: Vec<(String, String)>,
}

fn field(id: &str) -> Field {
    serde_json::from_value(Value::String(id.to_owned())).unwrap_or_else(|_| panic!("field {id}"))
}

fn table() -> Table {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/hostile/input.json"
    ))
    .expect("tests/hostile/input.json");
    let json: Value = serde_json::from_str(&text).expect("valid JSON");
    let str_of = |v: &Value, key: &str| v[key].as_str().unwrap_or_default().to_owned();
    Table {
        rejected_by: json["rejectedBy"]
            .as_object()
            .expect("rejectedBy")
            .iter()
            .map(|(id, code)| (field(id), code.as_str().unwrap_or_default().to_owned()))
            .collect(),
        accepted_by: json["acceptedBy"]
            .as_array()
            .expect("acceptedBy")
            .iter()
            .map(|id| field(id.as_str().unwrap_or_default()))
            .collect(),
        payloads: json["payloads"]
            .as_array()
            .expect("payloads")
            .iter()
            .map(|p| {
                let value = match p["value"].as_str() {
                    Some(v) => v.to_owned(),
                    None => {
                        let times = p["times"].as_u64().unwrap_or(0) as usize;
                        str_of(p, "prefix")
                            + &str_of(p, "repeat").repeat(times)
                            + &str_of(p, "suffix")
                    }
                };
                (str_of(p, "name"), value)
            })
            .collect(),
    }
}

/// The clean configuration with `value` typed into `field`: (code, severity, fields, message).
fn findings(field: Field, value: &str) -> Vec<(String, Severity, Vec<Field>, String)> {
    let mut settings = clean_settings();
    match field {
        Field::DomainWhitelist => settings.domain_whitelist = vec![value.to_owned()],
        _ => set_text(&mut settings, field, value.to_owned()),
    }
    let context = clean_context();
    let _ = derive(&settings);
    let found = diagnose(&settings, &context);
    for action in found.iter().filter_map(|d| d.action.as_ref()) {
        let mut fixed = settings.clone();
        apply_fix(&mut fixed, action);
        let _ = diagnose(&fixed, &context);
    }
    found
        .into_iter()
        .map(|d| {
            (
                d.code.as_str().to_owned(),
                d.severity,
                d.fields,
                format!("{} {}", d.message, d.fix),
            )
        })
        .collect()
}

#[test]
fn every_payload_is_refused_by_url_and_realm_fields_with_a_short_reason() {
    let table = table();
    for (name, value) in &table.payloads {
        for (field, code) in &table.rejected_by {
            let found = findings(*field, value);
            let here = found
                .iter()
                .find(|(c, s, f, _)| c == code && *s == Severity::Error && f.contains(field));
            let (_, _, _, message) =
                here.unwrap_or_else(|| panic!("{name} in {field:?}: no {code} in {found:?}"));
            assert!(
                message.len() < 1000,
                "{name} in {field:?}: a {}-byte message",
                message.len()
            );
        }
    }
}

#[test]
fn every_payload_is_plain_text_where_any_text_goes() {
    let table = table();
    for (name, value) in &table.payloads {
        for field in &table.accepted_by {
            for (code, severity, fields, message) in findings(*field, value) {
                assert!(
                    severity != Severity::Error,
                    "{name} in {field:?}: error {code} on {fields:?}"
                );
                assert!(
                    message.len() < 1000,
                    "{name} in {field:?}: {code} has a {}-byte message",
                    message.len()
                );
            }
        }
    }
}

/// Whether a payload has a property the issue asks for.
type Present = fn(&str) -> bool;

#[test]
fn the_table_covers_every_text_field_and_the_issues_payloads() {
    let table = table();
    let mut covered: Vec<Field> = table
        .rejected_by
        .iter()
        .map(|(f, _)| *f)
        .chain(table.accepted_by.iter().copied())
        .collect();
    covered.sort_by_key(|f| f.id());
    let mut text_fields = vec![
        Field::SiteUrl,
        Field::DisplayName,
        Field::Host,
        Field::InternalBaseUrl,
        Field::Realm,
        Field::ClientId,
        Field::ClientSecret,
        Field::AuthorizationUrl,
        Field::TokenUrl,
        Field::UserInfoUrl,
        Field::LogoutUrl,
        Field::DomainWhitelist,
    ];
    text_fields.sort_by_key(|f| f.id());
    assert_eq!(covered, text_fields);
    let values: Vec<&str> = table.payloads.iter().map(|(_, v)| v.as_str()).collect();
    #[rustfmt::skip]
    let required: [(&str, Present); 10] = [
        ("an HTML tag", |v| v.contains("<img")),
        ("a script tag", |v| v.contains("<script>")),
        ("a javascript: URL", |v| v.starts_with("javascript:")),
        ("a data: URL", |v| v.starts_with("data:")),
        ("a megabyte", |v| v.len() >= 1 << 20),
        ("NUL", |v| v.contains('\0')),
        ("a zero-width character", |v| v.contains('\u{200B}')),
        ("a right-to-left override", |v| v.contains('\u{202E}')),
        ("emoji", |v| v.chars().any(|c| c as u32 >= 0x1F300)),
        ("a host of 300 labels", |v| v.matches('.').count() >= 300),
    ];
    for (what, present) in required {
        assert!(values.iter().any(|v| present(v)), "the table has {what}");
    }
    assert!(
        values
            .iter()
            .any(|v| v.contains("%2f") || v.contains("%2F")),
        "percent-encoding traps"
    );
    assert!(values.iter().any(|v| v.contains("/../")), "`..` segments");
}

#[test]
fn an_insertion_past_a_fields_limit_is_refused_with_its_size() {
    use crate::settings::too_long;
    #[rustfmt::skip]
    let cases: [(Field, usize, Option<&str>); 7] = [
        (Field::Host, 2048, None),
        (Field::Host, 2049, Some("Not inserted: Host takes at most 2,048 characters, and this would make it 2,049. Check what was copied.")),
        (Field::Realm, 255, None),
        (Field::Realm, 1_048_576, Some("Not inserted: Realm takes at most 255 characters, and this would make it 1,048,576. Check what was copied.")),
        (Field::ClientSecret, 256, Some("Not inserted: Client Secret takes at most 255 characters, and this would make it 256. Check what was copied.")),
        (Field::DomainWhitelist, 16_384, None),
        (Field::IsEnabled, 1_000_000, None),
    ];
    for (field, length, expected) in cases {
        assert_eq!(
            too_long(field, length).as_deref(),
            expected,
            "{field:?} {length}"
        );
    }
}

#[test]
fn the_tables_limits_are_the_cores() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/hostile/input.json"
    ))
    .expect("tests/hostile/input.json");
    let json: Value = serde_json::from_str(&text).expect("valid JSON");
    let limits = json["maxLength"].as_object().expect("maxLength");
    let table = table();
    for f in table
        .rejected_by
        .iter()
        .map(|(f, _)| *f)
        .chain(table.accepted_by.iter().copied())
    {
        assert_eq!(
            limits[f.id()].as_u64().map(|n| n as usize),
            f.max_len(),
            "{f:?}"
        );
    }
}
