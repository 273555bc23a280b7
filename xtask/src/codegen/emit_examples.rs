//! Emits `src/generated/examples.rs`: one test per JSON example in the spec, proving that the example
//! deserializes into its generated type and serializes back to the same JSON value. The tests grow
//! with the spec, so a new example cannot go unchecked.

use super::emit_types::rust_type;
use super::model::*;
use super::rust::{self, Writer};

pub fn generate(api: &Api) -> Result<Vec<String>, String> {
    let mut items = Vec::with_capacity(api.examples.len() + 1);
    if api.examples.iter().any(|e| e.ty.mentions_named()) {
        items.push("use super::types;\n".to_string());
    }
    for example in &api.examples {
        let mut w = Writer::new();
        w.doc(&format!("`{}`", example.origin));
        w.atomic("#[test]");
        w.open_atomic(&format!("fn {}() {{", example.test_name));
        w.atomic(&format!("let origin = {};", rust::string(&example.origin)));
        w.atomic(&format!("let json = {};", rust::raw_string(&example.json)));
        w.group("crate::runtime::round_trip::<", &[rust_type(&example.ty, true)], ">(origin, json);");
        w.close("}");
        items.push(w.finish()?);
    }
    Ok(items)
}
