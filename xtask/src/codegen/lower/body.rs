//! Lowers the request body by its media type, and records the examples of a media type (request
//! and response bodies alike); `response.rs` lowers the responses.

use openapiv3::{MediaType, ReferenceOr, RequestBody, Schema, SchemaKind, Type};

use super::{Ctx, Lowerer, SchemaAt};
use crate::codegen::diag::{pointer_push, Error};
use crate::codegen::model::*;
use crate::codegen::spec::Media;

impl<'a> Lowerer<'a> {
    /// The request body: JSON, form and multipart bodies by their schema, text and any other media
    /// type as a string or as bytes, so that no operation is skipped for its media type. `None` is
    /// kept for a body with no media type at all, which skips the operation with a warning.
    pub(super) fn request_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        at: &str,
        type_prefix: &str,
    ) -> Result<Option<Body>, Error> {
        let doc = self.spec.root_key.clone();
        let body = self.component_item(body, at, ("requestBodies", "request body"), |c| &c.request_bodies)?;
        // JSON first, then form, multipart, text and bytes; within a kind, by media type.
        let mut media: Vec<(Media, &String, &'a MediaType)> =
            body.content.iter().map(|(m, content)| (Media::of(m), m, content)).collect();
        media.sort_by_key(|(kind, m, _)| (*kind, m.as_str()));
        let Some(&(kind, media_type, content)) = media.first() else {
            let offered: Vec<&str> = media.iter().map(|(_, m, _)| m.as_str()).collect();
            let message = format!("request media types {offered:?} are not supported; the operation is skipped");
            self.skip(&doc, at, message);
            return Ok(None);
        };
        let content_at = pointer_push(&pointer_push(at, "content"), media_type);
        let ctx = Ctx {
            doc: doc.clone(),
            pointer: pointer_push(&content_at, "schema"),
            name_hint: format!("{type_prefix}Body"),
        };
        let ty = match &content.schema {
            Some(schema) => self.type_of(SchemaAt::from(schema), &ctx)?,
            None => TypeRef::Json,
        };
        let kind = match kind {
            Media::Json => BodyKind::Json,
            Media::FormUrlEncoded => BodyKind::FormUrlEncoded,
            Media::Multipart => BodyKind::Multipart,
            Media::Text => BodyKind::Text,
            Media::Other => BodyKind::Binary,
        };
        // Only a body the client serializes has examples that its type must round-trip.
        if kind.is_serialized() {
            self.media_examples(content, &content_at, &ty);
        }
        if !body.required {
            self.warn(&doc, at, "an optional request body is always sent");
        }
        let parts =
            if kind == BodyKind::Multipart { self.multipart_parts(content.schema.as_ref(), &ctx)? } else { Vec::new() };
        Ok(Some(Body { ty, media_type: media_type.to_string(), kind, parts }))
    }

    /// The documented parts of a multipart body: a `format: binary` string (or an array of them)
    /// is a file part, anything else a text part.
    fn multipart_parts(&mut self, schema: Option<&'a ReferenceOr<Schema>>, ctx: &Ctx) -> Result<Vec<Part>, Error> {
        let Some(schema) = schema else { return Ok(Vec::new()) };
        let properties = match self.deref_schema(&ctx.doc, &ctx.pointer, SchemaAt::from(schema))? {
            Some(Schema { schema_kind: SchemaKind::Type(Type::Object(object)), .. }) => &object.properties,
            Some(Schema { schema_kind: SchemaKind::Any(any), .. }) => &any.properties,
            _ => return Ok(Vec::new()),
        };
        let mut parts: Vec<Part> = properties
            .iter()
            .map(|(name, property)| {
                let file = match property {
                    ReferenceOr::Item(schema) => match &schema.schema_kind {
                        SchemaKind::Type(Type::Array(array)) => array.items.as_ref().is_some_and(is_binary),
                        _ => is_binary(property),
                    },
                    ReferenceOr::Reference { .. } => false,
                };
                Part { name: name.clone(), file }
            })
            .collect();
        parts.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(parts)
    }

    /// Records the examples of a media type, `example` and each of `examples` by name, and gives
    /// the first of them as JSON.
    pub(super) fn media_examples(&mut self, content: &MediaType, at: &str, ty: &TypeRef) -> Option<String> {
        let ctx = Ctx { doc: self.spec.root_key.clone(), pointer: at.to_string(), name_hint: String::new() };
        let mut first = content.example.as_ref().map(|example| example.to_string());
        if let Some(example) = &content.example {
            self.example(&ctx, "example", ty.clone(), example);
        }
        let mut named: Vec<_> = content.examples.iter().collect();
        named.sort_by(|a, b| a.0.cmp(b.0));
        for (name, example) in named {
            if let ReferenceOr::Item(openapiv3::Example { value: Some(value), .. }) = example {
                let ctx = Ctx { pointer: pointer_push(&pointer_push(at, "examples"), name), ..ctx.clone() };
                self.example(&ctx, "value", ty.clone(), value);
                first.get_or_insert_with(|| value.to_string());
            }
        }
        first
    }
}

/// Whether a property is a `format: binary` string, which a multipart body sends as a file.
fn is_binary(schema: &ReferenceOr<Box<Schema>>) -> bool {
    match schema {
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                matches!(s.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary))
            }
            _ => false,
        },
        ReferenceOr::Reference { .. } => false,
    }
}
