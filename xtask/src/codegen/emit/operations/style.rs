//! A method's parameters as its request carries them: path segments, the query string and header
//! values, each written by the runtime (`style_runtime.rs`) for the parameter's style, explode and
//! kind of value. A path or header parameter of one value in `simple` style, the common case,
//! keeps the short form `path_segment(name, &value.to_param())`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::codegen::emit::tokens::{ident, runtime};
use crate::codegen::model::*;

/// Whether a parameter is written by `ToParam` alone, without the runtime's styles.
fn is_plain(param: &Param) -> bool {
    param.value == ValueKind::Primitive && param.style == ParamStyle::Simple
}

/// The runtime's `Style` of a parameter, and its explode.
fn style(param: &Param) -> TokenStream {
    let style = match param.style {
        ParamStyle::Form => quote!(Form),
        ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(PipeDelimited),
        ParamStyle::DeepObject => quote!(DeepObject),
        ParamStyle::Simple => quote!(Simple),
        ParamStyle::Label => quote!(Label),
        ParamStyle::Matrix => quote!(Matrix),
    };
    let explode = param.explode;
    quote!(Style::#style, #explode)
}

/// The parameter's value as the runtime's styles see it. The argument is a reference or a number;
/// `&` makes a reference of either, which `ToParam` takes through its impl for references.
fn value(param: &Param) -> Result<TokenStream, String> {
    let name = ident(&param.name)?;
    Ok(match param.value {
        ValueKind::Primitive => quote!(ParamValue::primitive(&#name)),
        ValueKind::Array => quote!(ParamValue::array(#name)),
        ValueKind::Structured => quote!(ParamValue::structured(#name)),
    })
}

/// A path parameter as the piece of the path it fills.
pub fn path_piece(param: &Param) -> Result<TokenStream, String> {
    let rt = runtime();
    let (api_name, name) = (&param.api_name, ident(&param.name)?);
    if is_plain(param) {
        return Ok(quote!(&#rt::path_segment(#api_name, &#name.to_param())?));
    }
    let (style, value) = (style(param), value(param)?);
    Ok(quote!(&#rt::path_param(#api_name, #style, #value)?))
}

/// The statements that build the query string, `__query`, in argument order; `None` when the
/// operation has no query parameter. Its text ends the path (`__query.as_str()`).
pub fn query(op: &Operation) -> Result<Option<TokenStream>, String> {
    let mut pushes = Vec::new();
    for param in op.params.iter().filter(|p| p.location == ParamLocation::Query) {
        let (api_name, style, value) = (&param.api_name, style(param), value(param)?);
        let push = quote!(__query.push(#api_name, #style, #value););
        pushes.push(optional(param, push)?);
    }
    if pushes.is_empty() {
        return Ok(None);
    }
    Ok(Some(quote! {
        let mut __query = Query::default();
        #(#pushes)*
    }))
}

/// The statement that sends a header parameter.
pub fn header(param: &Param) -> Result<TokenStream, String> {
    let rt = runtime();
    let (api_name, name) = (&param.api_name, ident(&param.name)?);
    let send = if is_plain(param) {
        quote!(__request = __request.header(#api_name, #rt::header_value(#api_name, &#name.to_param())?);)
    } else {
        let (explode, value) = (param.explode, value(param)?);
        quote!(__request = __request.header(#api_name, #rt::header_param(#api_name, #explode, #value)?);)
    };
    optional(param, send)
}

/// A statement run only when an optional parameter has a value, which it binds under its own name.
fn optional(param: &Param, statement: TokenStream) -> Result<TokenStream, String> {
    if param.required {
        return Ok(statement);
    }
    let name = ident(&param.name)?;
    Ok(quote!(if let Some(#name) = #name { #statement }))
}
