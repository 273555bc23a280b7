//! Parameters as OpenAPI's styles write them (OpenAPI 3.0.3, "Style Values" and "Style Examples"):
//! a path segment, the query string and a header, for one value, an array or an object, with or
//! without `explode`. The generated methods name each parameter's style and hand its value over;
//! every rule lives here, so that they stay short and every method behaves alike.
//!
//! Values are percent-encoded, every byte but the unreserved ones of RFC 3986 (`A-Z a-z 0-9 - . _
//! ~`), and the styles' delimiters are not: `ids=1,2,3`, `/.blue.black`, `/;color=blue,black`.
//! Where RFC 3986 allows a delimiter nowhere in a query, it is percent-encoded as OpenAPI 3.0.4
//! clarifies: `%20` and `%7C` between the items of `spaceDelimited` and `pipeDelimited`, and
//! `color%5BR%5D=100` for `deepObject` (which servers decode to `color[R]=100`). Header values are
//! written as they are, and refused when a header cannot carry them.

use std::borrow::Cow;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::HeaderValue;
use serde::Serialize;

use crate::error::Error;
use crate::support::header_value;
use crate::types::ToParam;

/// A parameter's `style`, as the spec gives it or as its location's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `form`: `name=a,b` (query).
    Form,
    /// `spaceDelimited`: `name=a%20b` (query arrays).
    SpaceDelimited,
    /// `pipeDelimited`: `name=a|b` (query arrays).
    PipeDelimited,
    /// `deepObject`: `name[key]=value` (query objects).
    DeepObject,
    /// `simple`: `a,b` (path and header).
    Simple,
    /// `label`: `.a.b` (path).
    Label,
    /// `matrix`: `;name=a,b` (path).
    Matrix,
}

/// A parameter's value as the styles tell values apart, its parts as text not yet encoded.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue<'a> {
    /// A string, number, flag, date or enum value.
    Primitive(Cow<'a, str>),
    /// The items of an array.
    Array(Vec<Cow<'a, str>>),
    /// The fields of an object by wire name, sorted by it; absent and null fields are left out.
    Object(Vec<(String, String)>),
}

impl<'a> ParamValue<'a> {
    /// One value, written as `ToParam` writes it.
    pub fn primitive<T: ToParam + ?Sized>(value: &'a T) -> Self {
        ParamValue::Primitive(value.to_param())
    }

    /// An array of values, each written as `ToParam` writes it.
    pub fn array<T: ToParam>(items: &'a [T]) -> Self {
        ParamValue::Array(items.iter().map(ToParam::to_param).collect())
    }

    /// An object (a generated struct or a map), or an array of objects or arrays, from its JSON
    /// form.
    ///
    /// OpenAPI's styles go one level deep: an object's fields, or an array's items, whose own
    /// values are primitives. A value one level further down (an object in a field, an object as
    /// an array's item) has no serialization in OpenAPI, and is written as its compact JSON text.
    pub fn structured<T: Serialize + ?Sized>(value: &T) -> Self {
        // The generated types serialize to JSON whenever their maps have string keys, which they do.
        match serde_json::to_value(value).unwrap_or_default() {
            serde_json::Value::Object(map) => {
                let mut fields: Vec<(String, String)> = map
                    .into_iter()
                    .filter(|(_, value)| !value.is_null())
                    .map(|(name, value)| (name, json_text(&value)))
                    .collect();
                // serde_json's maps keep insertion order when a crate in the build asks for it.
                fields.sort();
                ParamValue::Object(fields)
            }
            serde_json::Value::Array(items) => {
                ParamValue::Array(items.iter().map(|item| Cow::Owned(json_text(item))).collect())
            }
            serde_json::Value::Null => ParamValue::Array(Vec::new()),
            other => ParamValue::Primitive(Cow::Owned(json_text(&other))),
        }
    }
}

/// A JSON value as parameter text: strings as themselves, numbers as `ToParam` writes them,
/// anything else as compact JSON.
fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => String::new(),
        serde_json::Value::Number(number) => match (number.as_i64(), number.as_u64(), number.as_f64()) {
            (Some(int), _, _) => int.to_string(),
            (None, Some(int), _) => int.to_string(),
            (None, None, Some(float)) => float.to_param().into_owned(),
            _ => number.to_string(),
        },
        other => other.to_string(),
    }
}

/// Every byte but the unreserved ones of RFC 3986 is percent-encoded, so that no value holds a
/// delimiter of its style, of the path or of the query.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// In `label` style the dot is the delimiter, so a value's own dots are percent-encoded too.
const LABEL_VALUE: &AsciiSet = &VALUE.add(b'.');

fn encode(text: &str) -> Cow<'_, str> {
    utf8_percent_encode(text, VALUE).into()
}

/// The parts of a value, each encoded with `set`: its one text, an array's items, or an object's
/// fields as `name=value` when exploded and as two parts, name and value, when not.
fn parts(value: &ParamValue<'_>, set: &'static AsciiSet, explode: bool) -> Vec<String> {
    let encode = |text: &str| utf8_percent_encode(text, set).to_string();
    match value {
        ParamValue::Primitive(text) => vec![encode(text)],
        ParamValue::Array(items) => items.iter().map(|item| encode(item)).collect(),
        ParamValue::Object(fields) if explode => {
            fields.iter().map(|(name, value)| format!("{}={}", encode(name), encode(value))).collect()
        }
        ParamValue::Object(fields) => fields.iter().flat_map(|(name, value)| [encode(name), encode(value)]).collect(),
    }
}

/// A path parameter of any style as its whole, encoded segment. An empty segment and a dot
/// segment (`.` or `..`, as an empty `label` value would be) are refused: they would change which
/// resource the request reaches.
pub fn path_param<E>(name: &str, style: Style, explode: bool, value: ParamValue<'_>) -> Result<String, Error<E>> {
    let segment = match style {
        Style::Label => format!(".{}", parts(&value, LABEL_VALUE, explode).join(".")),
        Style::Matrix => matrix(name, explode, &value),
        _ => parts(&value, VALUE, explode).join(","),
    };
    match segment.as_str() {
        "" => Err(Error::InvalidRequest(format!("path parameter `{name}` is empty"))),
        "." | ".." => Err(Error::InvalidRequest(format!("path parameter `{name}` would be a dot segment"))),
        _ => Ok(segment),
    }
}

/// `;color=blue`, `;color=blue,black` or `;color=blue;color=black`, `;color=R,100` or `;R=100`,
/// and `;color` for an empty value.
fn matrix(name: &str, explode: bool, value: &ParamValue<'_>) -> String {
    let name = encode(name);
    let parts = parts(value, VALUE, explode);
    match value {
        _ if parts.is_empty() || parts == [""] => format!(";{name}"),
        ParamValue::Object(_) if explode => format!(";{}", parts.join(";")),
        ParamValue::Array(_) if explode => parts.iter().map(|part| format!(";{name}={part}")).collect(),
        _ => format!(";{name}={}", parts.join(",")),
    }
}

/// A header parameter (`simple` style, the only one headers have): `blue,black`, `R,100,G,200`,
/// or `R=100,G=200` when exploded. The value is not repeated in the error, since headers carry
/// secrets.
pub fn header_param<E>(name: &str, explode: bool, value: ParamValue<'_>) -> Result<HeaderValue, Error<E>> {
    let text = match &value {
        ParamValue::Primitive(text) => text.to_string(),
        ParamValue::Array(items) => items.join(","),
        ParamValue::Object(fields) if explode => {
            fields.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join(",")
        }
        ParamValue::Object(fields) => {
            fields.iter().flat_map(|(n, v)| [n.as_str(), v.as_str()]).collect::<Vec<_>>().join(",")
        }
    };
    header_value(name, &text)
}

/// A request's query string, built one parameter at a time in the method's argument order.
#[derive(Debug, Default)]
pub struct Query(String);

impl Query {
    /// Appends a query parameter of any style. An absent optional parameter is never pushed; an
    /// empty array or object is no pair at all where each item or field is a pair of its own, and
    /// `name=` otherwise, as OpenAPI's table has it.
    pub fn push(&mut self, name: &str, style: Style, explode: bool, value: ParamValue<'_>) {
        let name = encode(name);
        match (&value, style) {
            (ParamValue::Primitive(text), _) => return self.pair(&name, &encode(text)),
            (ParamValue::Object(fields), Style::DeepObject) => {
                for (field, text) in fields {
                    self.pair(&format!("{name}%5B{}%5D", encode(field)), &encode(text));
                }
                return;
            }
            _ => {}
        }
        let delimiter = match style {
            Style::Form if !explode => Some(","),
            Style::SpaceDelimited if !explode => Some("%20"),
            Style::PipeDelimited if !explode => Some("%7C"),
            // `deepObject` of an array, and the delimited styles when exploded, have no meaning of
            // their own in OpenAPI; they are written as `form` with `explode`, a pair per item.
            _ => None,
        };
        let parts = parts(&value, VALUE, explode);
        match (delimiter, &value) {
            (Some(delimiter), _) => self.pair(&name, &parts.join(delimiter)),
            // An exploded object's parts are `field=value` pairs already.
            (None, ParamValue::Object(_)) => parts.iter().for_each(|part| self.separate(part)),
            (None, _) => parts.iter().for_each(|part| self.pair(&name, part)),
        }
    }

    fn separate(&mut self, text: &str) {
        self.0.push(if self.0.is_empty() { '?' } else { '&' });
        self.0.push_str(text);
    }

    fn pair(&mut self, name: &str, value: &str) {
        self.separate(name);
        self.0.push('=');
        self.0.push_str(value);
    }

    /// The query string for the end of the path: empty, or `?` followed by the pairs.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn array<'a>(items: &'a [&'a str]) -> ParamValue<'a> {
        ParamValue::array(items)
    }

    /// OpenAPI's example values: `"blue"`, `["blue", "black", "brown"]` and `{"R": 100, "G": 200,
    /// "B": 150}`, whose fields are written sorted by name (`B`, `G`, `R`).
    fn values() -> [ParamValue<'static>; 3] {
        let object = serde_json::json!({"R": 100, "G": 200, "B": 150});
        [ParamValue::primitive("blue"), ParamValue::array(&["blue", "black", "brown"]), ParamValue::structured(&object)]
    }

    fn path(style: Style, explode: bool) -> Vec<String> {
        values().into_iter().map(|v| path_param::<()>("color", style, explode, v).unwrap()).collect()
    }

    fn query(style: Style, explode: bool) -> Vec<String> {
        let mut written = Vec::new();
        for value in values() {
            let mut query = Query::default();
            query.push("color", style, explode, value);
            written.push(query.as_str().to_string());
        }
        written
    }

    #[test]
    fn path_styles_follow_the_table() {
        assert_eq!(path(Style::Simple, false), ["blue", "blue,black,brown", "B,150,G,200,R,100"]);
        assert_eq!(path(Style::Simple, true), ["blue", "blue,black,brown", "B=150,G=200,R=100"]);
        assert_eq!(path(Style::Label, false), [".blue", ".blue.black.brown", ".B.150.G.200.R.100"]);
        assert_eq!(path(Style::Label, true), [".blue", ".blue.black.brown", ".B=150.G=200.R=100"]);
        let matrix = [";color=blue", ";color=blue,black,brown", ";color=B,150,G,200,R,100"];
        assert_eq!(path(Style::Matrix, false), matrix);
        let matrix = [";color=blue", ";color=blue;color=black;color=brown", ";B=150;G=200;R=100"];
        assert_eq!(path(Style::Matrix, true), matrix);
    }

    #[test]
    fn query_styles_follow_the_table() {
        let form = ["?color=blue", "?color=blue,black,brown", "?color=B,150,G,200,R,100"];
        assert_eq!(query(Style::Form, false), form);
        let form = ["?color=blue", "?color=blue&color=black&color=brown", "?B=150&G=200&R=100"];
        assert_eq!(query(Style::Form, true), form);
        let space = ["?color=blue", "?color=blue%20black%20brown", "?color=B%20150%20G%20200%20R%20100"];
        assert_eq!(query(Style::SpaceDelimited, false), space);
        let pipe = ["?color=blue", "?color=blue%7Cblack%7Cbrown", "?color=B%7C150%7CG%7C200%7CR%7C100"];
        assert_eq!(query(Style::PipeDelimited, false), pipe);
        let deep = query(Style::DeepObject, true);
        assert_eq!(deep[2], "?color%5BB%5D=150&color%5BG%5D=200&color%5BR%5D=100");
    }

    #[test]
    fn empty_values_follow_the_table() {
        let empty = || [ParamValue::primitive(""), array(&[]), ParamValue::structured(&serde_json::json!({}))];
        for value in empty() {
            assert_eq!(path_param::<()>("color", Style::Matrix, false, value).unwrap(), ";color");
        }
        for value in empty() {
            let error = path_param::<()>("color", Style::Label, true, value).unwrap_err().to_string();
            assert!(error.contains("`color`") && error.contains("dot segment"), "{error}");
        }
        for value in empty() {
            let error = path_param::<()>("color", Style::Simple, false, value).unwrap_err().to_string();
            assert!(error.contains("`color` is empty"), "{error}");
        }
        let (mut form, mut exploded) = (Query::default(), Query::default());
        for value in empty() {
            form.push("color", Style::Form, false, value.clone());
            exploded.push("color", Style::Form, true, value);
        }
        assert_eq!(form.as_str(), "?color=&color=&color=");
        // An empty string is still a value; an empty array or object has no item or field to send.
        assert_eq!(exploded.as_str(), "?color=");
    }

    #[test]
    fn values_are_encoded_but_delimiters_are_not() {
        let value = || array(&["a,b", "c d", "é/?#&=+.[]|"]);
        let mut query = Query::default();
        query.push("ids[]", Style::Form, false, value());
        assert_eq!(query.as_str(), "?ids%5B%5D=a%2Cb,c%20d,%C3%A9%2F%3F%23%26%3D%2B.%5B%5D%7C");
        let label = path_param::<()>("ids", Style::Label, false, value()).unwrap();
        assert_eq!(label, ".a%2Cb.c%20d.%C3%A9%2F%3F%23%26%3D%2B%2E%5B%5D%7C");
        let matrix = path_param::<()>("i;d", Style::Matrix, true, array(&["x;y=z"])).unwrap();
        assert_eq!(matrix, ";i%3Bd=x%3By%3Dz");
    }

    #[test]
    fn nested_values_are_json_text_and_nulls_are_left_out() {
        let value = serde_json::json!({"a": {"b": [1, "x"]}, "n": null, "f": 2.0, "s": "t u"});
        let mut query = Query::default();
        query.push("q", Style::DeepObject, true, ParamValue::structured(&value));
        assert_eq!(query.as_str(), "?q%5Ba%5D=%7B%22b%22%3A%5B1%2C%22x%22%5D%7D&q%5Bf%5D=2&q%5Bs%5D=t%20u");
        let items = serde_json::json!([{"id": 1}, "two"]);
        assert_eq!(ParamValue::structured(&items), ParamValue::Array(vec![r#"{"id":1}"#.into(), "two".into()]));
    }

    #[test]
    fn headers_are_simple_and_refuse_line_breaks() {
        let [one, list, object] = values();
        assert_eq!(header_param::<()>("X-Color", false, one).unwrap(), "blue");
        assert_eq!(header_param::<()>("X-Color", false, list).unwrap(), "blue,black,brown");
        assert_eq!(header_param::<()>("X-Color", false, object.clone()).unwrap(), "B,150,G,200,R,100");
        assert_eq!(header_param::<()>("X-Color", true, object).unwrap(), "B=150,G=200,R=100");
        let error = header_param::<()>("X-Color", false, array(&["a\r\nX-Evil: 1"])).unwrap_err().to_string();
        assert!(error.contains("X-Color") && !error.contains("Evil"), "{error}");
    }
}
