//! Emits `src/generated/types.rs`: one Rust type per schema, with the impls that give it its wire
//! form (string enums and `oneOf` enums deserialize by hand) and its use as a parameter.

use proc_macro2::TokenStream;
use quote::quote;

use crate::codegen::emit::sentences;
use crate::codegen::emit::signature;
use crate::codegen::emit::tokens::{docs, ident, runtime, rust_type, std_item, Scope};
use crate::codegen::model::*;

pub fn generate(api: &Api) -> Result<TokenStream, String> {
    let mut items = vec![quote!(#![allow(clippy::too_many_arguments, clippy::large_enum_variant)])];
    let scope = Scope::Types(api.std_paths);
    for def in &api.types {
        items.push(match &def.kind {
            TypeKind::Alias(ty) => {
                let (docs, name, ty) =
                    (docs(&sentences::type_docs(def, api.info.upstream())), ident(&def.name)?, rust_type(ty, scope)?);
                quote! { #docs pub type #name = #ty; }
            }
            TypeKind::Struct(s) => struct_def(api, def, s)?,
            TypeKind::StringEnum(variants) => string_enum(api, def, variants, scope)?,
            TypeKind::OneOf(one_of_def) => one_of(api, def, one_of_def)?,
        });
    }
    Ok(quote!(#(#items)*))
}

/// A struct, and unless every field is optional (then it is `Default`), a `new` taking the
/// required fields.
fn struct_def(api: &Api, def: &TypeDef, s: &Struct) -> Result<TokenStream, String> {
    let (docs, name) = (docs(&sentences::type_docs(def, api.info.upstream())), ident(&def.name)?);
    let signatures = signature::struct_fields(api, &def.name, s)?;
    let scope = Scope::Types(api.std_paths);
    let default = match signature::is_default(&signatures) {
        true => Some(std_item("Default", scope)?),
        false => None,
    };
    let default = default.map(|default| quote!(#default,));
    let fields = s.fields.iter().zip(&signatures).map(|(f, sig)| field(api, f, sig));
    let fields = fields.collect::<Result<Vec<_>, _>>()?;
    let new = signature::constructor(&name, &sentences::constructor_doc(false), &signatures, scope)?;
    Ok(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        pub struct #name { #(#fields)* }
        #new
    })
}

fn field(api: &Api, field: &Field, signature: &signature::Field) -> Result<TokenStream, String> {
    let (docs, signature::Field { name, ty, .. }) =
        (docs(&sentences::field_docs(field, api.info.upstream())), signature);
    let mut serde = Vec::new();
    if field.name != field.api_name {
        let wire = &field.api_name;
        serde.push(quote!(rename = #wire));
    }
    if !field.required {
        serde.push(quote!(default));
        // Serde resolves this path where the struct is, among the generated types.
        let is_none = if api.std_paths { "::std::option::Option::is_none" } else { "Option::is_none" };
        serde.push(quote!(skip_serializing_if = #is_none));
    }
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    Ok(quote! { #docs #serde pub #name: #ty, })
}

/// A string enum: the listed values, and `Unknown` for any other, with its wire form by hand.
fn string_enum(api: &Api, def: &TypeDef, variants: &[EnumVariant], scope: Scope) -> Result<TokenStream, String> {
    let rt = runtime();
    let (docs, name) = (docs(&sentences::string_enum_docs(def, api.info.upstream())), ident(&def.name)?);
    let (string, from, result) = (std_item("String", scope)?, std_item("From", scope)?, std_item("Result", scope)?);
    let names = variants.iter().map(|v| ident(&v.name)).collect::<Result<Vec<_>, _>>()?;
    let values: Vec<&str> = variants.iter().map(|v| v.api_name.as_str()).collect();
    let value_docs = variants.iter().map(|v| docs_line(&sentences::enum_value_doc(v)));
    let (unknown_doc, as_str_doc) = (docs_line(&sentences::unknown_value_doc()), docs_line(&sentences::as_str_doc()));
    Ok(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#value_docs #names,)*
            #unknown_doc
            Unknown(#string),
        }
        impl #name {
            #as_str_doc
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#names => #values,)*
                    Self::Unknown(value) => value,
                }
            }
        }
        impl #from<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#names,)*
                    other => Self::Unknown(#string::from(other)),
                }
            }
        }
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
        impl #rt::ToParam for #name {
            fn to_param(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    })
}

fn docs_line(line: &str) -> TokenStream {
    docs(&[line])
}

/// A `oneOf` enum, serialized untagged, whose `Deserialize` hands the runtime a list of its
/// members to choose from: by discriminator value where the spec has one, else by best fit.
fn one_of(api: &Api, def: &TypeDef, one_of: &OneOf) -> Result<TokenStream, String> {
    let rt = runtime();
    let (docs, name) = (docs(&sentences::one_of_docs(def, api.info.upstream())), ident(&def.name)?);
    let scope = Scope::Types(api.std_paths);
    let (result, some, none) = (std_item("Result", scope)?, std_item("Some", scope)?, std_item("None", scope)?);
    let mut variants = Vec::new();
    for variant in &one_of.variants {
        let (variant_name, ty) = (ident(&variant.name)?, signature::held_type(api, &def.name, &variant.ty)?);
        let doc = docs_line(&sentences::one_of_variant_doc(&variant.name));
        variants.push(quote! { #doc #variant_name(#ty), });
    }
    let type_name = &def.name;
    let call = match &one_of.discriminator {
        Some(discriminator) => {
            let property = &discriminator.property;
            let members = discriminator.values.iter().map(|(value, variant)| {
                let parse = parse_closure(api, def, variant)?;
                Ok(quote!(#rt::Tagged { value: #value, parse: #parse }))
            });
            let members = members.collect::<Result<Vec<_>, String>>()?;
            quote!(#rt::by_discriminator(deserializer, #type_name, #property, &[#(#members),*]))
        }
        None => {
            let members = one_of.variants.iter().map(|variant| {
                let keys = match api.member_keys(&variant.ty) {
                    Some(keys) => quote!(#some(&[#(#keys),*])),
                    None => none.clone(),
                };
                let (member, parse) = (&variant.name, parse_closure(api, def, &variant.name)?);
                Ok(quote!(#rt::Member { name: #member, keys: #keys, parse: #parse }))
            });
            let members = members.collect::<Result<Vec<_>, String>>()?;
            quote!(#rt::best_fit(deserializer, #type_name, &[#(#members),*]))
        }
    };
    Ok(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum #name { #(#variants)* }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                #call
            }
        }
        impl #rt::ToParam for #name {
            fn to_param(&self) -> std::borrow::Cow<'_, str> {
                #rt::json_param(self)
            }
        }
    })
}

/// The closure that deserializes one member into its variant.
fn parse_closure(api: &Api, def: &TypeDef, variant_name: &str) -> Result<TokenStream, String> {
    let variant = ident(variant_name)?;
    let TypeKind::OneOf(one_of) = &def.kind else { return Err("internal error: not a oneOf".into()) };
    let boxed = one_of.variants.iter().any(|v| v.name == variant_name && api.boxed(&def.name, &v.ty));
    Ok(if boxed {
        let boxed = std_item("Box", Scope::Types(api.std_paths))?;
        quote!(|v| serde::Deserialize::deserialize(v).map(|x| Self::#variant(#boxed::new(x))))
    } else {
        quote!(|v| serde::Deserialize::deserialize(v).map(Self::#variant))
    })
}
