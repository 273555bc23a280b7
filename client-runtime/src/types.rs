//! What the generated types need at run time, with or without the HTTP client: parameter text
//! (`ToParam`), `oneOf` deserialization by best fit or discriminator, and the example round trip.
//! Kept by hand, so that the generated code stays short and every type behaves alike.

use std::borrow::Cow;

use serde::Serialize;

/// A value that can stand in a path segment, a query string or a header.
pub trait ToParam {
    /// The value as text, before any encoding.
    fn to_param(&self) -> Cow<'_, str>;
}

impl ToParam for str {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ToParam for String {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

macro_rules! to_param_by_display {
    ($($ty:ty),*) => {
        $(impl ToParam for $ty {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        })*
    };
}

to_param_by_display!(bool, i32, i64, f32, f64, chrono::NaiveDate, serde_json::Value);

impl ToParam for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param(&self) -> Cow<'_, str> {
        (**self).to_param()
    }
}

/// How a `oneOf` member is parsed from a JSON value, for the generated `Deserialize` impls.
pub type Parse<T> = fn(&serde_json::Value) -> Result<T, serde_json::Error>;

/// One member of a `oneOf` without a discriminator, as its generated `Deserialize` impl lists it.
pub struct Member<T> {
    /// The variant's name, for error messages.
    pub name: &'static str,
    /// For an object member, the wire names of its properties, sorted; `None` for any other member.
    pub keys: Option<&'static [&'static str]>,
    /// Parses a JSON value as this member.
    pub parse: Parse<T>,
}

/// Deserializes a `oneOf` by best fit. Several members may accept the same object (when all their
/// properties are optional, any object fits them), so for an object the member that knows all of
/// its keys wins, then the member that knows the most of them, then the earliest; a member without
/// declared properties (a map or free-form object) knows any key. Any other value takes the first
/// member it deserializes into. A value no member accepts is an error naming each member's reason.
pub fn best_fit<'de, D: serde::Deserializer<'de>, T>(
    deserializer: D,
    type_name: &str,
    members: &[Member<T>],
) -> Result<T, D::Error> {
    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
    best_fit_value(&value, type_name, members).map_err(serde::de::Error::custom)
}

fn best_fit_value<T>(value: &serde_json::Value, type_name: &str, members: &[Member<T>]) -> Result<T, String> {
    // The fit of a member that accepts the object: whether it knows every key, and how many it knows.
    let mut best: Option<((bool, usize), T)> = None;
    let mut failures = Vec::new();
    for member in members {
        let parsed = match (member.parse)(value) {
            Ok(parsed) => parsed,
            Err(error) => {
                failures.push(format!("{}: {error}", member.name));
                continue;
            }
        };
        let serde_json::Value::Object(object) = value else { return Ok(parsed) };
        let fit = match member.keys {
            Some(keys) => {
                let known = object.keys().filter(|key| keys.binary_search(&key.as_str()).is_ok()).count();
                (known == object.len(), known)
            }
            None => (true, 0),
        };
        // Knowing every key is the best fit there is, and earlier members win ties.
        if fit == (true, object.len()) {
            return Ok(parsed);
        }
        if best.as_ref().is_none_or(|(best_fit, _)| fit > *best_fit) {
            best = Some((fit, parsed));
        }
    }
    best.map(|(_, parsed)| parsed)
        .ok_or_else(|| format!("the value fits no variant of {type_name} ({})", failures.join("; ")))
}

/// One value of a `oneOf`'s discriminator property and how to parse the member it selects.
pub struct Tagged<T> {
    /// The discriminator's value.
    pub value: &'static str,
    /// Parses a JSON value as the member it selects.
    pub parse: Parse<T>,
}

/// Deserializes a `oneOf` with a discriminator: the property's value selects the member, and the
/// member keeps the property as one of its own fields. A missing property, or a value the spec does
/// not list, is an error naming the property, the value and the values expected.
pub fn by_discriminator<'de, D: serde::Deserializer<'de>, T>(
    deserializer: D,
    type_name: &str,
    property: &str,
    members: &[Tagged<T>],
) -> Result<T, D::Error> {
    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
    discriminated_value(&value, type_name, property, members).map_err(serde::de::Error::custom)
}

fn discriminated_value<T>(
    value: &serde_json::Value,
    type_name: &str,
    property: &str,
    members: &[Tagged<T>],
) -> Result<T, String> {
    let expected = || members.iter().map(|m| format!("{:?}", m.value)).collect::<Vec<_>>().join(", ");
    let tag = match value.get(property) {
        Some(serde_json::Value::String(tag)) => tag,
        Some(other) => {
            return Err(format!(
                "{type_name}: the discriminator property `{property}` is {other}, not a string; expected one of {}",
                expected()
            ))
        }
        None => {
            return Err(format!(
                "{type_name}: the discriminator property `{property}` is missing; expected one of {}",
                expected()
            ))
        }
    };
    match members.iter().find(|m| m.value == tag) {
        Some(member) => (member.parse)(value).map_err(|e| format!("{type_name} with `{property}` {tag:?}: {e}")),
        None => Err(format!(
            "{type_name}: unknown value {tag:?} of the discriminator property `{property}`; expected one of {}",
            expected()
        )),
    }
}

/// A `oneOf` value as a parameter: a string as itself, a number or flag as its JSON, and an array
/// or object as compact JSON text, since a parameter has no other way to carry its structure.
pub fn json_param<T: Serialize + ?Sized>(value: &T) -> Cow<'static, str> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => Cow::Owned(text),
        Ok(serde_json::Value::Null) => Cow::Borrowed(""),
        Ok(other) => Cow::Owned(other.to_string()),
        // Generated types serialize to JSON whenever their maps have string keys, which they do.
        Err(_) => Cow::Borrowed(""),
    }
}

/// Deserializes a spec example into `T` and checks that serializing it again gives the same JSON
/// value; the generated example tests call it (they are compiled only in the generated crate's
/// own tests, which is why this is not `cfg(test)` here).
#[doc(hidden)]
#[track_caller]
pub fn round_trip<T: serde::de::DeserializeOwned + Serialize>(origin: &str, json: &str) {
    let expected: serde_json::Value = serde_json::from_str(json).expect("examples are emitted as valid JSON");
    let typed: T = match serde_json::from_value(expected.clone()) {
        Ok(typed) => typed,
        Err(error) => panic!("{origin}: the example does not deserialize into {}: {error}", std::any::type_name::<T>()),
    };
    let actual = serde_json::to_value(&typed).expect("generated types serialize");
    assert_eq!(
        actual,
        expected,
        "{origin}: the example changed in a round trip through {}",
        std::any::type_name::<T>()
    );
}
