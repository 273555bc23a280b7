//! The value rules of the schema subset: which JSON values are an `integer`, a `number`, a
//! `boolean`, a `string`, and which strings are a `date` or a `date-time`. `cargo xtask lint`
//! checks the spec's examples with them and the mock server checks request bodies with them, so
//! an example that lints is one the mock accepts, and one the generated types read.
//!
//! The rules are what a conforming sender writes, and never wider than what the generated types
//! read (`i64`, `i32`, `f64`, `chrono::NaiveDate`, `chrono::DateTime<Utc>`): `integer` is a JSON
//! number written without a fraction or exponent that fits the Rust integer, and the dates follow
//! RFC 3339's grammar and calendar. chrono reads a few spellings more (a space for the `T`, a
//! one-digit month), which a client may read from a server but a spec or a request must not use.

use serde_json::Value;

/// Whether `value` has the JSON Schema type `ty`; a type the rules do not know fits anything,
/// since what to make of it is the generator's to report.
pub fn type_matches(ty: &str, value: &Value) -> bool {
    match ty {
        "string" => value.is_string(),
        "integer" => is_integer(value),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}

/// Whether `value` fits `format` of the schema type `ty` (`None` when the schema names no type).
/// The formats checked are those the generated types read into a narrower Rust type: `int32`
/// (`i32`) on integers, `date` and `date-time` (chrono) on strings; any other fits anything.
pub fn format_matches(ty: Option<&str>, format: &str, value: &Value) -> bool {
    match (format, value) {
        ("int32", Value::Number(_)) if ty == Some("integer") => is_int32(value),
        ("date", Value::String(text)) => is_date(text),
        ("date-time", Value::String(text)) => is_date_time(text),
        _ => true,
    }
}

/// What `format` asks of a value, for messages ("is not {this}"); `None` for formats not checked.
pub fn format_expectation(format: &str) -> Option<&'static str> {
    match format {
        "int32" => Some("an int32, a 32-bit integer"),
        "date" => Some("an RFC 3339 date such as 2024-02-29"),
        "date-time" => Some("an RFC 3339 date-time such as 2024-02-29T11:03:37Z or 2024-02-29T11:03:37.5+05:30"),
        _ => None,
    }
}

/// An `integer` (`i64`): a JSON number written without a fraction or exponent, within 64 bits.
/// `201.0` and `2.01e2` are refused although JSON Schema counts them as integers: `i64` cannot
/// read them, and a sender that writes them computed a float (docs/maintaining.md).
pub fn is_integer(value: &Value) -> bool {
    value.as_i64().is_some()
}

/// An `integer` of `format: int32` (`i32`).
pub fn is_int32(value: &Value) -> bool {
    value.as_i64().is_some_and(|n| i32::try_from(n).is_ok())
}

/// RFC 3339's `full-date`: `YYYY-MM-DD`, a day that exists (`2024-02-29`, not `2023-02-29`).
pub fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    match (number(b, 0..4), number(b, 5..7), number(b, 8..10)) {
        (Some(year), Some(month), Some(day)) => chrono::NaiveDate::from_ymd_opt(year as i32, month, day).is_some(),
        _ => false,
    }
}

/// RFC 3339's `date-time`: a `full-date`, `T`, `HH:MM:SS`, an optional fraction of any length, and
/// `Z` or `+HH:MM`/`-HH:MM`; `t` and `z` may be lower case (RFC 3339 §5.6). A second of 60 is a
/// leap second and allowed at any time, as the grammar and chrono allow it.
pub fn is_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() < 20 || !text.is_char_boundary(10) || !is_date(&text[..10]) || !matches!(b[10], b'T' | b't') {
        return false;
    }
    if !clock(&b[11..19], 60) {
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
        [b'+' | b'-', offset @ ..] => {
            offset.len() == 5 && offset[2] == b':' && in_range(offset, 0..2, 23) && in_range(offset, 3..5, 59)
        }
        _ => false,
    }
}

/// `HH:MM:SS`, with the second at most `max_second`.
fn clock(b: &[u8], max_second: u32) -> bool {
    b.len() == 8
        && b[2] == b':'
        && b[5] == b':'
        && in_range(b, 0..2, 23)
        && in_range(b, 3..5, 59)
        && in_range(b, 6..8, max_second)
}

/// Whether `b[range]` is all ASCII digits making a number of at most `max`.
fn in_range(b: &[u8], range: std::ops::Range<usize>, max: u32) -> bool {
    number(b, range).is_some_and(|n| n <= max)
}

/// The number `b[range]` spells in ASCII digits alone (no sign, no space).
fn number(b: &[u8], range: std::ops::Range<usize>) -> Option<u32> {
    let digits = b.get(range)?;
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_are_written_without_fraction_and_fit_64_bits() {
        assert!(is_integer(&json!(201)) && is_integer(&json!(-3)));
        assert!(!is_integer(&json!(201.0)) && !is_integer(&json!("201")));
        assert!(!is_integer(&json!(9_223_372_036_854_775_808u64)));
        assert!(is_int32(&json!(2_147_483_647)) && !is_int32(&json!(2_147_483_648u64)));
        assert!(format_matches(Some("number"), "int32", &json!(1e12)));
    }

    #[test]
    fn dates_exist_in_the_calendar() {
        assert!(is_date("2024-02-29") && is_date("0000-01-01"));
        for bad in ["2023-02-29", "2024-02-31", "2024-13-01", "2024-00-10", "2024-2-29", "+024-02-29", "2024-02-29 "] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn date_times_follow_rfc_3339() {
        for good in
            ["2024-03-14T11:03:37.015Z", "2024-03-14T11:03:37Z", "2024-03-14t11:03:37+05:30", "2016-12-31T23:59:60z"]
        {
            assert!(is_date_time(good), "{good}");
        }
        for bad in [
            "2024-03-14",
            "2024-02-30T11:03:37Z",
            "2024-03-14T11:03:37",
            "2024-03-14 11:03:37Z",
            "2024-03-14T11:03:37.Z",
            "2024-03-14T24:00:00Z",
            "2024-03-14T11:03:37+5:30",
            "2024-03-14T11:03:37+0530",
            "2024-03-1éT11:03:37Z",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
    }
}
