//! Lowers an operation's documented responses: the success and error cases by status, each body by
//! the media type the client reads it as (JSON, text or bytes), and the `Accept` header listing
//! those media types.

use openapiv3::{MediaType, ReferenceOr, Response, Responses, Schema, SchemaKind, StatusCode, Type};

use super::{Ctx, Lowerer, SchemaAt};
use crate::codegen::diag::{pointer_push, Error};
use crate::codegen::model::*;
use crate::codegen::naming;
use crate::codegen::spec::Media;

/// An operation's responses, as the model's `Operation` holds them.
pub(super) struct Outcomes {
    pub success: Vec<ResponseCase>,
    pub errors: Vec<ResponseCase>,
    pub accept: String,
}

/// The `Accept` header of an operation that documents no response content: JSON, what the client
/// sent before it read other media types, since undocumented error bodies are mostly JSON.
const DEFAULT_ACCEPT: &str = "application/json";

/// How the client reads a body of one media type, in the order of preference when a response
/// offers several: a typed body first, then text, then bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reading {
    Json,
    /// `*/*` with a schema that describes JSON: after an explicit JSON media type.
    WildcardJson,
    Text,
    Binary,
}

impl<'a> Lowerer<'a> {
    /// The documented responses: success cases and error cases, each sorted in the order their
    /// statuses must be matched (exact codes before the ranges that contain them, `default` last).
    pub(super) fn responses(
        &mut self,
        responses: &'a Responses,
        pointer: &str,
        type_prefix: &str,
    ) -> Result<Outcomes, Error> {
        let doc = self.spec.root_key.clone();
        let (mut success, mut errors) = (Vec::new(), Vec::new());
        for (status, response) in documented(responses) {
            let at = pointer_push(&pointer_push(pointer, "responses"), &status.label());
            let case = self.case(status, response, &at, type_prefix)?;
            // A documented 1xx or 3xx (`304 Not Modified`, a `303 See Other` the client does not
            // follow) is an answer the caller asked for, so it is a success outcome of its own,
            // with the response's headers (`Location`) beside it.
            match status {
                Status::Default => errors.push(case),
                _ if (1..=3).any(|class| status.in_class(class)) => success.push(case),
                _ if status.in_class(4) || status.in_class(5) => errors.push(case),
                _ => {
                    let message = format!(
                        "status {} is neither success nor error; it is `Error::UnexpectedStatus`",
                        status.label()
                    );
                    self.warn(&doc, &at, message);
                }
            }
        }
        if let Some(default) = default_success(&success, &errors) {
            success.push(default);
        }
        success.sort_by_key(|c| c.status);
        errors.sort_by_key(|c| c.status);
        let accept = accept(&success, &errors);
        // An error body that is not JSON stays in the error's raw response, as received: an error
        // variant is matched on, and its raw response already offers the body as bytes and text.
        for body in errors.iter_mut().filter_map(|c| c.body.as_mut()) {
            if !matches!(body.kind, ResponseKind::Json(_)) {
                body.kind = ResponseKind::Raw;
            }
        }
        Ok(Outcomes { success, errors, accept })
    }

    /// One documented status, with its variant name and body.
    fn case(
        &mut self,
        status: Status,
        response: &'a ReferenceOr<Response>,
        at: &str,
        type_prefix: &str,
    ) -> Result<ResponseCase, Error> {
        let response = self.component_item(response, at, ("responses", "response"), |c| &c.responses)?;
        let variant = match status {
            Status::Code(code) => naming::status_variant(code),
            Status::Range(digit) => naming::status_range_variant(digit),
            // `default` is what the API answers when none of the documented statuses applies,
            // which specs mostly use for errors: beside documented success statuses, a success it
            // covers is an error variant too (an operation documenting none: `default_success`).
            Status::Default => "Default".to_string(),
        };
        let hint =
            if status.in_class(2) { format!("{type_prefix}Response") } else { format!("{type_prefix}{variant}") };
        let (body, example) = self.response_body(response, at, &hint)?;
        let description = response.description.clone();
        Ok(ResponseCase { status, variant, body, description, example, from_default: false })
    }

    /// A response's body: the media type the client reads (JSON first, then text, then bytes; by
    /// name among equals) and as what, with its first example when it is JSON. `None` when the
    /// response documents no content.
    fn response_body(
        &mut self,
        response: &'a Response,
        at: &str,
        hint: &str,
    ) -> Result<(Option<ResponseBody>, Option<String>), Error> {
        let mut offered = Vec::new();
        for (media_type, content) in &response.content {
            let content_at = pointer_push(&pointer_push(at, "content"), media_type);
            offered.push((self.reading(media_type, content, &content_at)?, media_type, content, content_at));
        }
        offered.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let first = offered.first().map(|o| o.0);
        let accepted: Vec<String> = offered.iter().filter(|o| Some(o.0) == first).map(|o| o.1.clone()).collect();
        let Some((reading, media_type, content, content_at)) = offered.into_iter().next() else {
            return Ok((None, None));
        };
        let media_type = media_type.clone();
        let kind = match reading {
            Reading::Text => ResponseKind::Text,
            Reading::Binary => ResponseKind::Binary,
            Reading::Json | Reading::WildcardJson => {
                let pointer = pointer_push(&content_at, "schema");
                let ctx = Ctx { doc: self.spec.root_key.clone(), pointer, name_hint: hint.to_string() };
                let ty = match &content.schema {
                    Some(schema) => self.type_of(SchemaAt::from(schema), &ctx)?,
                    None => TypeRef::Json,
                };
                let example = self.media_examples(content, &content_at, &ty);
                let kind = ResponseKind::Json(ty);
                return Ok((Some(ResponseBody { media_type, accepted, kind }), example));
            }
        };
        Ok((Some(ResponseBody { media_type, accepted, kind }), None))
    }

    /// How the client reads a body of this media type. `*/*` promises no format, so its schema
    /// decides: specs that mean JSON under it give an object, array or reference (springdoc writes
    /// every response so), while a download has no schema or a string one, and comes as bytes.
    fn reading(&self, media_type: &str, content: &'a MediaType, at: &str) -> Result<Reading, Error> {
        Ok(match Media::of(media_type) {
            Media::Json if Media::is_wildcard(media_type) => {
                let Some(schema) = &content.schema else { return Ok(Reading::Binary) };
                let doc = self.spec.root_key.clone();
                match self.deref_schema(&doc, &pointer_push(at, "schema"), SchemaAt::from(schema))? {
                    Some(Schema { schema_kind: SchemaKind::Type(Type::String(_)), .. }) => Reading::Binary,
                    _ => Reading::WildcardJson,
                }
            }
            Media::Json => Reading::Json,
            Media::Text => Reading::Text,
            Media::FormUrlEncoded | Media::Multipart | Media::Other => Reading::Binary,
        })
    }
}

/// The documented statuses in the spec's terms, codes and ranges by label, `default` last.
fn documented(responses: &Responses) -> Vec<(Status, &ReferenceOr<Response>)> {
    let mut statuses: Vec<_> = responses.responses.iter().collect();
    statuses.sort_by_key(|(code, _)| code.to_string());
    let documented = statuses.into_iter().map(|(code, response)| match code {
        StatusCode::Code(code) => (Status::Code(*code), response),
        StatusCode::Range(digit) => (Status::Range(*digit), response),
    });
    documented.chain(responses.default.as_ref().map(|r| (Status::Default, r))).collect()
}

/// With no 2xx status documented, `default` is the only description of a success too (as in
/// `default: {description: successful operation}`): a 2xx answer is its body as `Ok`, and any other
/// status stays the `Default` error.
fn default_success(success: &[ResponseCase], errors: &[ResponseCase]) -> Option<ResponseCase> {
    if success.iter().any(|c| c.status.in_class(2)) {
        return None;
    }
    let default = errors.iter().find(|c| c.status == Status::Default)?;
    Some(ResponseCase {
        status: Status::Range(2),
        variant: naming::status_range_variant(2),
        from_default: true,
        ..default.clone()
    })
}

/// The `Accept` header: the media types each case is read from, in the order the cases are
/// matched, successes first, each once. A media type a header cannot carry is left out; its body is
/// still read by its kind.
fn accept(success: &[ResponseCase], errors: &[ResponseCase]) -> String {
    let mut listed: Vec<&str> = Vec::new();
    for body in success.iter().chain(errors).filter_map(|c| c.body.as_ref()) {
        for media_type in body.accepted.iter().map(String::as_str) {
            if Media::is_header_safe(media_type) && !listed.contains(&media_type) {
                listed.push(media_type);
            }
        }
    }
    if listed.is_empty() {
        DEFAULT_ACCEPT.to_string()
    } else {
        listed.join(", ")
    }
}
