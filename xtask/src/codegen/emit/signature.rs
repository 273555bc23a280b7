//! The public signatures of the generated code, computed once from the model: each method's
//! arguments and result, the declared type of each public field and variant, and what a struct's
//! constructor takes. The emitters write these tokens into the code, and the API listing
//! (`api_listing.rs`) prints the very same tokens, so that the listing, and with it the semver
//! verdict, cannot tell another story than the code.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::codegen::emit::tokens::{docs, ident, response_type, runtime, rust_type, std_item, Scope};
use crate::codegen::model::*;

/// A `Client` method as its callers see it.
pub struct Method {
    pub name: Ident,
    /// The arguments after `&self`, each with its type.
    pub args: Vec<(Ident, TokenStream)>,
    /// What a success holds, inside the runtime's `ResponseValue`.
    pub ok: TokenStream,
    /// The operation's error enum, inside the runtime's `Error`.
    pub error: Ident,
}

/// The method of an operation.
pub fn method(op: &Operation) -> Result<Method, String> {
    let mut args = match &op.params_struct {
        // The method takes the struct in place of its parameters, which become the struct's fields.
        Some(name) => {
            let name = ident(name)?;
            vec![(ident("params")?, quote!(&#name))]
        }
        None => op.params.iter().map(|p| Ok((ident(&p.name)?, arg_type(p)?))).collect::<Result<_, String>>()?,
    };
    if let Some(body) = &op.body {
        args.push((ident("body")?, body_type(body)?));
    }
    Ok(Method { name: ident(&op.name)?, args, ok: success_type(op)?, error: ident(&op.error_enum)? })
}

/// A positional argument's type: strings by reference, numbers and flags by value, anything else
/// by reference, and `Option` around an optional parameter.
fn arg_type(param: &Param) -> Result<TokenStream, String> {
    let inner = match &param.ty {
        TypeRef::String => quote!(&str),
        ty @ (TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64) => {
            rust_type(ty, Scope::Outside)?
        }
        ty => {
            let ty = rust_type(ty, Scope::Outside)?;
            quote!(&#ty)
        }
    };
    Ok(if param.required { inner } else { quote!(Option<#inner>) })
}

/// The type of the `body` argument: a serialized body by reference, the others as sent.
fn body_type(body: &Body) -> Result<TokenStream, String> {
    Ok(match body.kind {
        BodyKind::Multipart => {
            let rt = runtime();
            quote!(#rt::reqwest::multipart::Form)
        }
        BodyKind::Text => quote!(String),
        BodyKind::Binary => {
            let rt = runtime();
            quote!(impl Into<#rt::reqwest::Body>)
        }
        BodyKind::Json | BodyKind::FormUrlEncoded => {
            let ty = rust_type(&body.ty, Scope::Outside)?;
            quote!(&#ty)
        }
    })
}

/// What the method returns inside `ResponseValue`: the success enum, the one body type, or `()`.
fn success_type(op: &Operation) -> Result<TokenStream, String> {
    if let Some(name) = &op.success_enum {
        let name = ident(name)?;
        return Ok(quote!(#name));
    }
    match op.success.first() {
        Some(case) => Ok(response_type(case)?.unwrap_or_else(|| quote!(()))),
        None => Ok(quote!(())),
    }
}

/// A public field as declared, and whether the constructor takes it.
pub struct Field {
    pub name: Ident,
    /// Its type, in `Option` when the field is optional.
    pub ty: TokenStream,
    pub required: bool,
}

/// The fields of a generated struct, in the order of the model's, as `types.rs` declares them.
pub fn struct_fields(api: &Api, owner: &str, s: &Struct) -> Result<Vec<Field>, String> {
    let scope = Scope::Types(api.std_paths);
    let field = |f: &crate::codegen::model::Field| declared(&f.name, held_type(api, owner, &f.ty)?, f.required, scope);
    s.fields.iter().map(field).collect()
}

/// The fields of an operation's parameters struct, one per parameter in the model's order.
pub fn params_fields(op: &Operation) -> Result<Vec<Field>, String> {
    let field = |p: &Param| declared(&p.name, rust_type(&p.ty, Scope::Outside)?, p.required, Scope::Outside);
    op.params.iter().map(field).collect()
}

fn declared(name: &str, ty: TokenStream, required: bool, scope: Scope) -> Result<Field, String> {
    let ty = if required {
        ty
    } else {
        let option = std_item("Option", scope)?;
        quote!(#option<#ty>)
    };
    Ok(Field { name: ident(name)?, ty, required })
}

/// The type a struct field or a `oneOf` variant of `owner` holds, in `types.rs`: boxed where the
/// type contains its owner again.
pub fn held_type(api: &Api, owner: &str, ty: &TypeRef) -> Result<TokenStream, String> {
    let scope = Scope::Types(api.std_paths);
    let rust = rust_type(ty, scope)?;
    if !api.boxed(owner, ty) {
        return Ok(rust);
    }
    let boxed = std_item("Box", scope)?;
    Ok(quote!(#boxed<#rust>))
}

/// Whether a struct of these fields is `Default` rather than built by `new`: when no field is
/// required.
pub fn is_default(fields: &[Field]) -> bool {
    fields.iter().all(|f| !f.required)
}

/// The required fields, which `new` takes in this order.
pub fn constructor_args(fields: &[Field]) -> impl Iterator<Item = &Field> {
    fields.iter().filter(|f| f.required)
}

/// `new` of a struct that is not `Default`, documented by `doc`: it takes the required fields and
/// sets every optional one to `None`.
pub fn constructor(name: &Ident, doc: &str, fields: &[Field], scope: Scope) -> Result<Option<TokenStream>, String> {
    if is_default(fields) {
        return Ok(None);
    }
    let none = std_item("None", scope)?;
    let args = constructor_args(fields).map(|Field { name, ty, .. }| quote!(#name: #ty));
    let inits =
        fields.iter().map(|Field { name, required, .. }| if *required { quote!(#name) } else { quote!(#name: #none) });
    let doc = docs(&[doc]);
    Ok(Some(quote! {
        impl #name {
            #doc
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }))
}
