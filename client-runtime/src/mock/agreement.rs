//! One table of tricky values, each given to the three places that judge values: `cargo xtask lint`
//! (the spec's examples), the generated types (serde, into the Rust type the generator emits for the
//! type and format), and the mock server's request check. Lint and the mock must give the verdict
//! of `client_runtime::values`; the types may read more (chrono is lenient in a few spellings), but
//! never less, and each such row says so.

use serde::de::DeserializeOwned;

use super::check::{check, Shape};

/// A schema `type` and `format`, as the generator types and the mock shapes it.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Integer,
    Int32,
    Number,
    Boolean,
    String,
    Date,
    DateTime,
}

impl Kind {
    /// The schema, as JSON text.
    fn schema(self) -> &'static str {
        match self {
            Kind::Integer => r#""type": "integer""#,
            Kind::Int32 => r#""type": "integer", "format": "int32""#,
            Kind::Number => r#""type": "number""#,
            Kind::Boolean => r#""type": "boolean""#,
            Kind::String => r#""type": "string""#,
            Kind::Date => r#""type": "string", "format": "date""#,
            Kind::DateTime => r#""type": "string", "format": "date-time""#,
        }
    }

    /// The shape `emit_mock` writes for the type.
    fn shape(self) -> Shape {
        match self {
            Kind::Integer => Shape::Integer,
            Kind::Int32 => Shape::Int32,
            Kind::Number => Shape::Number,
            Kind::Boolean => Shape::Bool,
            Kind::String => Shape::String,
            Kind::Date => Shape::Date,
            Kind::DateTime => Shape::DateTime,
        }
    }

    /// Whether the Rust type the generator emits (`tokens::rust_type`) reads `json` off the wire.
    fn types_read(self, json: &str) -> bool {
        fn reads<T: DeserializeOwned>(json: &str) -> bool {
            serde_json::from_str::<T>(json).is_ok()
        }
        match self {
            Kind::Integer => reads::<i64>(json),
            Kind::Int32 => reads::<i32>(json),
            Kind::Number => reads::<f64>(json),
            Kind::Boolean => reads::<bool>(json),
            Kind::String => reads::<String>(json),
            Kind::Date => reads::<chrono::NaiveDate>(json),
            Kind::DateTime => reads::<chrono::DateTime<chrono::Utc>>(json),
        }
    }
}

/// A value as JSON text, whether the rules accept it, and whether the generated type reads it
/// (the same, but where chrono is more lenient than RFC 3339).
struct Row {
    kind: Kind,
    json: &'static str,
    rule: bool,
    types: bool,
}

const fn same(kind: Kind, json: &'static str, accepted: bool) -> Row {
    Row { kind, json, rule: accepted, types: accepted }
}

/// Refused by the rules, read by the generated type: a client reads it from a server, but a spec's
/// example or a request to the mock must not be written so.
const fn lenient(kind: Kind, json: &'static str) -> Row {
    Row { kind, json, rule: false, types: true }
}

#[rustfmt::skip]
const TABLE: &[Row] = &[
    same(Kind::Integer, "201", true),
    same(Kind::Integer, "201.0", false),
    same(Kind::Integer, "2.01e2", false),
    same(Kind::Integer, "1e3", false),
    // serde_json reads `-0` as the float -0.0, which `i64` refuses: it keeps the sign.
    same(Kind::Integer, "-0", false),
    same(Kind::Integer, "-1", true),
    same(Kind::Integer, "9223372036854775807", true),
    same(Kind::Integer, "9223372036854775808", false),
    same(Kind::Integer, "-9223372036854775808", true),
    same(Kind::Integer, "201.5", false),
    same(Kind::Integer, r#""201""#, false),
    same(Kind::Integer, "null", false),
    same(Kind::Int32, "2147483647", true),
    same(Kind::Int32, "2147483648", false),
    same(Kind::Int32, "-2147483648", true),
    same(Kind::Int32, "7.0", false),
    same(Kind::Number, "201", true),
    same(Kind::Number, "201.0", true),
    same(Kind::Number, "1e3", true),
    same(Kind::Number, "-0", true),
    same(Kind::Number, "9223372036854775808", true),
    same(Kind::Number, r#""1.5""#, false),
    same(Kind::Boolean, "true", true),
    same(Kind::Boolean, "1", false),
    same(Kind::Boolean, r#""true""#, false),
    same(Kind::String, r#""""#, true),
    same(Kind::String, "1", false),
    same(Kind::Date, r#""2024-02-29""#, true),
    same(Kind::Date, r#""0001-01-01""#, true),
    same(Kind::Date, r#""2023-02-29""#, false),
    same(Kind::Date, r#""2024-02-31""#, false),
    same(Kind::Date, r#""2024-04-31""#, false),
    same(Kind::Date, r#""2024-13-01""#, false),
    same(Kind::Date, r#""2024-00-10""#, false),
    same(Kind::Date, r#""2024-02-00""#, false),
    same(Kind::Date, r#""20240229""#, false),
    same(Kind::Date, r#""2024-02-29T00:00:00Z""#, false),
    same(Kind::Date, "20240229", false),
    lenient(Kind::Date, r#""2024-2-9""#),
    lenient(Kind::Date, r#""+2024-02-29""#),
    same(Kind::DateTime, r#""2024-03-14T11:03:37Z""#, true),
    same(Kind::DateTime, r#""2024-03-14T11:03:37+05:30""#, true),
    same(Kind::DateTime, r#""2024-03-14T11:03:37-00:00""#, true),
    same(Kind::DateTime, r#""2024-03-14T11:03:37.015Z""#, true),
    same(Kind::DateTime, r#""2024-03-14T11:03:37.123456789Z""#, true),
    same(Kind::DateTime, r#""2024-03-14T11:03:37.1234567891Z""#, true),
    same(Kind::DateTime, r#""2024-03-14t11:03:37z""#, true),
    same(Kind::DateTime, r#""2016-12-31T23:59:60Z""#, true),
    same(Kind::DateTime, r#""2024-03-14T11:03:60Z""#, true),
    same(Kind::DateTime, r#""2024-02-29T00:00:00Z""#, true),
    same(Kind::DateTime, r#""2023-02-29T00:00:00Z""#, false),
    same(Kind::DateTime, r#""2024-03-14T24:00:00Z""#, false),
    same(Kind::DateTime, r#""2024-03-14T11:60:00Z""#, false),
    same(Kind::DateTime, r#""2024-03-14T11:03:61Z""#, false),
    same(Kind::DateTime, r#""2024-03-14T11:03:37""#, false),
    same(Kind::DateTime, r#""2024-03-14T11:03:37.Z""#, false),
    same(Kind::DateTime, r#""2024-03-14T11:03:37+05""#, false),
    same(Kind::DateTime, r#""2024-03-14T11:03:37+24:00""#, false),
    same(Kind::DateTime, r#""2024-03-14""#, false),
    lenient(Kind::DateTime, r#""2024-03-14 11:03:37Z""#),
    lenient(Kind::DateTime, r#""2024-03-14T11:03:37+0530""#),
];

/// Each row's verdict from the mock's check.
fn mock_accepts(row: &Row) -> bool {
    let value: serde_json::Value = serde_json::from_str(row.json).expect("every row is JSON");
    let mut found = Vec::new();
    check(&row.kind.shape(), &value, "body", |_| None, &mut found);
    found.is_empty()
}

/// Each row's verdict from `cargo xtask lint`: every row is the example of a schema of its own,
/// `#/components/schemas/r{index}`, in one spec, and a row is accepted when lint reports nothing
/// there.
fn lint_accepts() -> Vec<bool> {
    let schemas: Vec<String> = TABLE
        .iter()
        .enumerate()
        .map(|(index, row)| format!(r#""r{index}": {{{}, "example": {}}}"#, row.kind.schema(), row.json))
        .collect();
    let spec = format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "values", "version": "1"}}, "paths": {{}},
            "components": {{"schemas": {{{}}}}}}}"#,
        schemas.join(",\n")
    );
    let dir = std::env::temp_dir().join(format!("value-agreement-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("spec.json");
    std::fs::write(&path, spec).unwrap();
    let report = xtask::codegen::lint(&xtask::codegen::Options::new(&path, &dir));
    std::fs::remove_dir_all(&dir).unwrap();
    let report = report.unwrap_or_else(|e| panic!("{e}"));
    let refused: Vec<&str> = report.errors.iter().filter_map(|e| Some(e.location.as_ref()?.pointer.as_str())).collect();
    let place = |index: usize| format!("#/components/schemas/r{index}/");
    (0..TABLE.len()).map(|index| !refused.iter().any(|p| p.starts_with(&place(index)))).collect()
}

#[test]
fn lint_the_mock_and_the_generated_types_judge_values_alike() {
    let verdict = |ok: bool| if ok { "accepts" } else { "refuses" };
    let mut failures = Vec::new();
    for (row, lint) in TABLE.iter().zip(lint_accepts()) {
        let (mock, types) = (mock_accepts(row), row.kind.types_read(row.json));
        let line = format!(
            "{:?} {}: lint {}, mock {}, types {}",
            row.kind,
            row.json,
            verdict(lint),
            verdict(mock),
            verdict(types)
        );
        println!("{line}");
        if (lint, mock, types) != (row.rule, row.rule, row.types) {
            failures.push(format!("{line}; expected rule {}, types {}", verdict(row.rule), verdict(row.types)));
        }
    }
    assert!(failures.is_empty(), "verdicts differ from the table:\n{}", failures.join("\n"));
}

#[test]
fn the_rules_are_never_wider_than_the_types() {
    for row in TABLE {
        assert!(row.types || !row.rule, "{:?} {}: the rules accept what the types cannot read", row.kind, row.json);
    }
}
