//! The value-level rules of the schema subset: JSON types, value equality, the `date` and
//! `date-time` formats, and how a value is named in a message.

use serde_json::Value;

/// Whether `value` is of the JSON Schema type `ty`.
pub(super) fn type_matches(ty: &str, value: &Value) -> bool {
    match ty {
        "string" => value.is_string(),
        "integer" => {
            value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.is_finite() && f.fract() == 0.0)
        }
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        // Lowering reports unknown types; there is nothing to check against.
        _ => true,
    }
}

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

/// Whether the string value of the `format` fits it; formats other than the dates are not checked.
pub(super) fn format_matches(format: &str, text: &str) -> bool {
    match format {
        "date-time" => is_date_time(text),
        "date" => is_date(text),
        _ => true,
    }
}

/// Whether `text[range]` is all ASCII digits that make a number of at most `max`.
fn digits(text: &[u8], range: std::ops::Range<usize>, max: u32) -> bool {
    text.get(range)
        .filter(|d| d.iter().all(u8::is_ascii_digit))
        .and_then(|d| std::str::from_utf8(d).ok()?.parse::<u32>().ok())
        .is_some_and(|n| n <= max)
}

/// `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && digits(b, 0..4, 9999)
        && b[4] == b'-'
        && digits(b, 5..7, 12)
        && b[7] == b'-'
        && digits(b, 8..10, 31)
        && &b[5..7] != b"00"
        && &b[8..10] != b"00"
}

/// RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)`.
fn is_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() < 20 || !is_date(&text[..10]) || !matches!(b[10], b'T' | b't') {
        return false;
    }
    if !(digits(b, 11..13, 23) && b[13] == b':' && digits(b, 14..16, 59) && b[16] == b':' && digits(b, 17..19, 60)) {
        return false;
    }
    let mut rest = &b[19..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let count = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if count == 0 {
            return false;
        }
        rest = &fraction[count..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', ..] => rest.len() == 6 && digits(rest, 1..3, 23) && rest[3] == b':' && digits(rest, 4..6, 59),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_follow_rfc_3339() {
        for good in ["2024-03-14T11:03:37.015Z", "2024-03-14T11:03:37Z", "2024-03-14t11:03:37+05:30"] {
            assert!(is_date_time(good), "{good}");
        }
        for bad in [
            "2024-03-14",
            "2024-13-14T11:03:37Z",
            "2024-03-14T11:03:37",
            "2024-03-14T11:03:37.Z",
            "yesterday",
            "2024-03-14T11:03:37+5:30",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2024-00-10"));
    }

    #[test]
    fn values_are_named_the_way_a_reader_would() {
        assert_eq!(describe(&serde_json::json!("instagram")), "the string \"instagram\"");
        assert_eq!(describe(&serde_json::json!([1, 2])), "an array of 2 items");
        assert_eq!(describe(&serde_json::json!(1.5)), "the number 1.5");
        assert!(describe(&Value::String("x".repeat(100))).ends_with("\"..."));
    }

    #[test]
    fn integers_accept_whole_floats_only() {
        assert!(type_matches("integer", &serde_json::json!(3)));
        assert!(type_matches("integer", &serde_json::json!(3.0)));
        assert!(!type_matches("integer", &serde_json::json!(3.5)));
        assert!(!type_matches("integer", &serde_json::json!("3")));
    }
}
