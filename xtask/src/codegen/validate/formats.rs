//! How the checks name values in a message, and value equality for `enum`. Which values a type
//! or format accepts is not decided here but in `client_runtime::values`, which the mock server
//! checks requests with too, so that lint, the mock and the generated types agree.

use serde_json::Value;

pub(super) use client_runtime::values::{format_expectation, format_matches, type_matches};

/// A type name with its indefinite article, as in "expected an integer".
pub(super) fn with_article(ty: &str) -> String {
    match ty {
        "integer" | "array" | "object" => format!("an {ty}"),
        _ => format!("a {ty}"),
    }
}

/// A value as a reader would name it, short enough for one line.
pub(super) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => {
            let shown: String = s.chars().take(60).collect();
            let cut = if shown.len() < s.len() { "..." } else { "" };
            format!("the string {}{cut}", Value::String(shown))
        }
        Value::Array(items) => format!("an array of {} items", items.len()),
        Value::Object(_) => "an object".to_string(),
    }
}

/// JSON equality, with numbers compared by value (`1` equals `1.0`).
pub(super) fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_named_the_way_a_reader_would() {
        assert_eq!(describe(&serde_json::json!("instagram")), "the string \"instagram\"");
        assert_eq!(describe(&serde_json::json!([1, 2])), "an array of 2 items");
        assert_eq!(describe(&serde_json::json!(1.5)), "the number 1.5");
        assert!(describe(&Value::String("x".repeat(100))).ends_with("\"..."));
    }
}
