//! Lowers what goes over the wire besides parameters: the request body by its media type, and the
//! documented responses by status, with their bodies and examples.

use openapiv3::{MediaType, ReferenceOr, RequestBody, Response, Responses, Schema, SchemaKind, StatusCode, Type};

use super::{Ctx, Lowerer, SchemaAt};
use crate::codegen::diag::{pointer_push, Error};
use crate::codegen::model::*;
use crate::codegen::naming;
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

    /// The documented responses: success cases and error cases, each sorted in the order their
    /// statuses must be matched (exact codes before the ranges that contain them, `default` last).
    pub(super) fn responses(
        &mut self,
        responses: &'a Responses,
        pointer: &str,
        type_prefix: &str,
    ) -> Result<(Vec<ResponseCase>, Vec<ResponseCase>), Error> {
        let doc = self.spec.root_key.clone();
        let (mut success, mut errors) = (Vec::new(), Vec::new());
        let mut statuses: Vec<_> = responses.responses.iter().collect();
        statuses.sort_by_key(|(code, _)| code.to_string());
        let documented = statuses.into_iter().map(|(code, response)| match code {
            StatusCode::Code(code) => (Status::Code(*code), response),
            StatusCode::Range(digit) => (Status::Range(*digit), response),
        });
        for (status, response) in documented.chain(responses.default.as_ref().map(|r| (Status::Default, r))) {
            let at = pointer_push(&pointer_push(pointer, "responses"), &status.label());
            let response = self.response(response, &at)?;
            let (class, variant) = match status {
                Status::Code(code) => (code / 100, naming::status_variant(code)),
                Status::Range(digit) => (digit, naming::status_range_variant(digit)),
                // `default` is what the API answers when none of the documented statuses applies,
                // which specs mostly use for errors: beside documented success statuses, a success
                // it covers is an error variant too (an operation documenting none is handled below).
                Status::Default => (5, "Default".to_string()),
            };
            let hint = if class == 2 { format!("{type_prefix}Response") } else { format!("{type_prefix}{variant}") };
            let (ty, example) = self.response_body(response, &at, &hint)?;
            let description = response.description.clone();
            let case = ResponseCase { status, variant, ty, description, example, from_default: false };
            // A documented 1xx or 3xx (`304 Not Modified`, a `303 See Other` the client does not
            // follow) is an answer the caller asked for, so it is a success outcome of its own,
            // with the response's headers (`Location`) beside it.
            match class {
                1..=3 => success.push(case),
                4 | 5 => errors.push(case),
                _ => {
                    let message = format!(
                        "status {} is neither success nor error; it is `Error::UnexpectedStatus`",
                        status.label()
                    );
                    self.warn(&doc, &at, message);
                }
            }
        }
        // With no 2xx status documented, `default` is the only description of a success too
        // (as in `default: {description: successful operation}`): a 2xx answer is its body as `Ok`,
        // and any other status stays the `Default` error.
        let any_2xx = success.iter().any(|c| c.status.in_class(2));
        if let Some(default) = errors.iter().find(|c| c.status == Status::Default).filter(|_| !any_2xx) {
            let status = Status::Range(2);
            let (variant, ty) = (naming::status_range_variant(2), default.ty.clone());
            let (description, example) = (default.description.clone(), default.example.clone());
            success.push(ResponseCase { status, variant, ty, description, example, from_default: true });
        }
        success.sort_by_key(|c| c.status);
        errors.sort_by_key(|c| c.status);
        Ok((success, errors))
    }

    fn response(&mut self, response: &'a ReferenceOr<Response>, at: &str) -> Result<&'a Response, Error> {
        self.component_item(response, at, ("responses", "response"), |c| &c.responses)
    }

    /// The type of a response's JSON body and its first example; `None` when it documents none.
    fn response_body(
        &mut self,
        response: &'a Response,
        at: &str,
        hint: &str,
    ) -> Result<(Option<TypeRef>, Option<String>), Error> {
        let doc = self.spec.root_key.clone();
        let mut media: Vec<(&String, &'a MediaType)> =
            response.content.iter().filter(|(m, _)| Media::of(m) == Media::Json).collect();
        media.sort_by_key(|(m, _)| m.as_str());
        let Some((media_type, content)) = media.first() else {
            if !response.content.is_empty() {
                let offered: Vec<&String> = response.content.keys().collect();
                self.warn(&doc, at, format!("response media types {offered:?} are not JSON; the body is not decoded"));
            }
            return Ok((None, None));
        };
        let content_at = pointer_push(&pointer_push(at, "content"), media_type);
        let ctx = Ctx { doc, pointer: pointer_push(&content_at, "schema"), name_hint: hint.to_string() };
        let ty = match &content.schema {
            Some(schema) => self.type_of(SchemaAt::from(schema), &ctx)?,
            None => TypeRef::Json,
        };
        let example = self.media_examples(content, &content_at, &ty);
        Ok((Some(ty), example))
    }

    /// Records the examples of a media type, `example` and each of `examples` by name, and gives
    /// the first of them as JSON.
    fn media_examples(&mut self, content: &MediaType, at: &str, ty: &TypeRef) -> Option<String> {
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
