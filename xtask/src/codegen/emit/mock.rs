//! Emits `src/generated/mock.rs` (compiled with the client's `mock` feature): each operation's
//! contract (method, path template, required headers, body schema, success example), the shape of
//! every generated type for checking request bodies, the crate's `MockServer` (the runtime's, with
//! one typed stub method per operation), and how each error enum answers as a mock response.

use proc_macro2::TokenStream;
use quote::quote;

use crate::codegen::emit::sentences;
use crate::codegen::emit::tokens::{self, docs, ident, raw_string, runtime, rust_type, status_literal, Scope};
use crate::codegen::model::*;
use crate::codegen::spec::Media;

pub fn generate(api: &Api) -> Result<TokenStream, String> {
    let contracts = api.operations.iter().map(contract).collect::<Result<Vec<_>, _>>()?;
    let stubs = api.operations.iter().enumerate().map(|(i, op)| stub(op, i)).collect::<Result<Vec<_>, _>>()?;
    let errors = api.operations.iter().map(mock_error).collect::<Result<Vec<_>, _>>()?;
    let shapes = api.types.iter().map(|t| {
        let (name, shape) = (&t.name, type_shape(&t.kind));
        quote!(#name => Some(&#shape),)
    });
    let uses = if api.operations.is_empty() {
        quote!()
    } else {
        quote!(
            use super::operations::*;
        )
    };
    let types = if api.types.is_empty() {
        quote!()
    } else {
        quote!(
            use super::types;
        )
    };
    let rt = runtime();
    let server = server(&stubs);
    // A spec without types has no shapes: the lookup finds none, without a one-arm `match`.
    let shape_of = if api.types.is_empty() {
        quote!(
            fn shape_of(_name: &str) -> Option<&'static Shape> {
                None
            }
        )
    } else {
        quote!(fn shape_of(name: &str) -> Option<&'static Shape> { match name { #(#shapes)* _ => None, } })
    };
    Ok(quote! {
        #![allow(unused_imports)]

        use #rt::mock::{Contract, MockError, Property, Shape, Stub};
        #uses
        #types

        /// What the mock server checks, for every operation of the spec.
        pub(crate) const SPEC: #rt::mock::Spec = #rt::mock::Spec { contracts: CONTRACTS, lookup: shape_of };

        static CONTRACTS: &[Contract] = &[#(#contracts)*];

        /// The shape of each generated type, by its Rust name.
        #shape_of

        #server

        #(#errors)*
    })
}

/// The crate's `MockServer`: the runtime's, started with this spec's contracts, with a client of
/// this crate's `Client` type and one stub method per operation; the runtime's own methods (`uri`,
/// `verify`, ...) through `Deref`.
fn server(stubs: &[TokenStream]) -> TokenStream {
    let rt = runtime();
    let (server_doc, start_doc, client_doc) = (
        docs(&sentences::mock_server_doc()),
        docs(&[sentences::mock_start_doc()]),
        docs(&[sentences::mock_client_doc()]),
    );
    quote! {
        #server_doc
        pub struct MockServer(#rt::mock::MockServer);

        impl MockServer {
            #start_doc
            pub async fn start() -> Self {
                MockServer(#rt::mock::MockServer::start(SPEC).await)
            }

            #client_doc
            pub fn client(&self) -> super::client::Client {
                self.0.client()
            }

            #(#stubs)*
        }

        impl std::ops::Deref for MockServer {
            type Target = #rt::mock::MockServer;

            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }
    }
}

fn contract(op: &Operation) -> Result<TokenStream, String> {
    let (name, method, path) = (&op.name, &op.method, &op.path);
    let mut headers: Vec<TokenStream> =
        op.constant_headers.iter().map(|(header, value)| quote!((#header, &[#value]),)).collect();
    for param in op.params.iter().filter(|p| p.location == ParamLocation::Header && p.required) {
        let header = &param.api_name;
        headers.push(quote!((#header, &[]),));
    }
    let body = match &op.body {
        Some(body) if body.kind == BodyKind::Json => {
            let (media_type, shape) = (&body.media_type, ref_shape(&body.ty));
            quote!(Some((#media_type, #shape)))
        }
        _ => quote!(None),
    };
    // The case `answered` picks, at its status and with its example, is what a stub answers by default.
    let answered = answered(op);
    let (code, example) = answered.map_or((200, None), |case| match case.status {
        Status::Code(code) => (code, case.example.as_deref()),
        _ => (200, None),
    });
    // Text and bytes go out under their documented media type; JSON under `application/json`.
    // `*/*` is no content type a response can carry; its bytes go out as `application/octet-stream`.
    let raw = answered
        .and_then(|case| case.body.as_ref())
        .filter(|b| matches!(b.kind, ResponseKind::Text | ResponseKind::Binary));
    let media_type = match raw {
        Some(body) if !Media::is_wildcard(&body.media_type) => body.media_type.as_str(),
        Some(_) => "application/octet-stream",
        None => "application/json",
    };
    let example = match example {
        Some(json) => {
            let json = raw_string(json);
            quote!(Some(#json))
        }
        None => quote!(None),
    };
    let success = status_literal(code);
    Ok(quote! {
        Contract {
            name: #name,
            method: #method,
            path: #path,
            headers: &[#(#headers)*],
            body: #body,
            success_status: #success,
            success_media_type: #media_type,
            example: #example,
        },
    })
}

fn stub(op: &Operation, index: usize) -> Result<TokenStream, String> {
    let rt = runtime();
    let name = ident(&op.name)?;
    let doc = docs(&sentences::stub_doc(op));
    let body = match &op.body {
        Some(body) if body.kind == BodyKind::Json => rust_type(&body.ty, Scope::Outside)?,
        _ => quote!(()),
    };
    // `ok` answers the case `answered` picks, so its body decides what `ok` takes.
    let answered = answered(op);
    let success = match (answered.and_then(ResponseCase::value), &op.success_enum, answered) {
        (Some(ResponseKind::Text), _, _) => quote!(#rt::mock::Text),
        (Some(ResponseKind::Binary), _, _) => quote!(#rt::mock::Binary),
        (_, None, Some(case)) => tokens::response_type(case)?.unwrap_or_else(|| quote!(())),
        (_, None, None) => quote!(()),
        // Several success bodies: the stub answers with any JSON value through `json`.
        (_, Some(_), _) => quote!(serde_json::Value),
    };
    let error = ident(&op.error_enum)?;
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    Ok(quote! {
        #doc
        pub fn #name(&self) -> Stub<'_, #body, #success, #error> {
            self.0.stub(&CONTRACTS[#index])
        }
    })
}

/// The success case a stub's `ok` and `example` answer: the first with an exact status, at that
/// status; else the first (a range or `default`), at 200.
fn answered(op: &Operation) -> Option<&ResponseCase> {
    op.success.iter().find(|case| case.status.is_exact()).or(op.success.first())
}

/// How an error enum answers as a mock response: its variant's status and its body as JSON.
fn mock_error(op: &Operation) -> Result<TokenStream, String> {
    let mut arms = Vec::new();
    for case in &op.errors {
        let variant = ident(&case.variant)?;
        arms.push(match (case.status.is_exact(), case.value().is_some()) {
            (true, true) => quote!(Self::#variant(body) => serde_json::to_value(body).unwrap_or_default(),),
            (true, false) => quote!(Self::#variant => serde_json::Value::Null,),
            (false, true) => quote!(Self::#variant { body, .. } => serde_json::to_value(body).unwrap_or_default(),),
            (false, false) => quote!(Self::#variant { .. } => serde_json::Value::Null,),
        });
    }
    let name = ident(&op.error_enum)?;
    // An operation that documents no error has an enum without variants, and so no `status()`:
    // no value of it exists, which an empty match says.
    let (status, body) = if arms.is_empty() {
        (quote!(match *self {}), quote!(match *self {}))
    } else {
        (quote!(self.status()), quote!(match self { #(#arms)* }))
    };
    Ok(quote! {
        impl MockError for #name {
            fn mock_status(&self) -> u16 {
                #status
            }

            fn mock_body(&self) -> serde_json::Value {
                #body
            }
        }
    })
}

fn type_shape(kind: &TypeKind) -> TokenStream {
    match kind {
        TypeKind::Struct(s) => {
            let properties = s.fields.iter().map(|f| {
                let (name, required, shape) = (&f.api_name, f.required, ref_shape(&f.ty));
                quote!(Property { name: #name, required: #required, shape: #shape },)
            });
            quote!(Shape::Object(&[#(#properties)*]))
        }
        TypeKind::StringEnum(variants) => {
            let values = variants.iter().map(|v| &v.api_name);
            quote!(Shape::Enum(&[#(#values),*]))
        }
        TypeKind::Alias(ty) => ref_shape(ty),
        TypeKind::OneOf(one_of) => {
            let members = one_of.variants.iter().map(|v| ref_shape(&v.ty));
            quote!(Shape::OneOf(&[#(#members),*]))
        }
    }
}

fn ref_shape(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(Shape::String),
        TypeRef::DateTime => quote!(Shape::DateTime),
        TypeRef::Date => quote!(Shape::Date),
        TypeRef::Bool => quote!(Shape::Bool),
        TypeRef::I32 => quote!(Shape::Int32),
        TypeRef::I64 => quote!(Shape::Integer),
        TypeRef::F32 | TypeRef::F64 => quote!(Shape::Number),
        TypeRef::Json => quote!(Shape::Any),
        TypeRef::JsonObject => quote!(Shape::AnyObject),
        TypeRef::Vec(item) => {
            let item = ref_shape(item);
            quote!(Shape::Array(&#item))
        }
        TypeRef::Map(value) => {
            let value = ref_shape(value);
            quote!(Shape::Map(&#value))
        }
        TypeRef::Named(name) => quote!(Shape::Named(#name)),
    }
}
