//! Emits `src/generated/types.rs`: one Rust type per schema.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::model::*;

pub fn generate(api: &Api) -> TokenStream {
    let types = api.types.iter().map(type_def);
    quote! {
        #![allow(clippy::too_many_arguments, clippy::large_enum_variant)]
        #(#types)*
    }
}

/// `#[doc]` attributes, one per line; prettyplease prints them as `///` comments.
pub fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// The Rust type for a model type. `qualified` prefixes generated types with `types::`, for use
/// outside the types module.
pub fn rust_type(ty: &TypeRef, qualified: bool) -> TokenStream {
    match ty {
        TypeRef::String => quote! { String },
        TypeRef::DateTime => quote! { chrono::DateTime<chrono::Utc> },
        TypeRef::Date => quote! { chrono::NaiveDate },
        TypeRef::Bool => quote! { bool },
        TypeRef::I32 => quote! { i32 },
        TypeRef::I64 => quote! { i64 },
        TypeRef::F32 => quote! { f32 },
        TypeRef::F64 => quote! { f64 },
        TypeRef::Json => quote! { serde_json::Value },
        TypeRef::JsonObject => quote! { serde_json::Map<String, serde_json::Value> },
        TypeRef::Vec(item) => {
            let item = rust_type(item, qualified);
            quote! { Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = rust_type(value, qualified);
            quote! { std::collections::BTreeMap<String, #value> }
        }
        TypeRef::Named(name) => {
            let ident = format_ident!("{}", name);
            if qualified {
                quote! { types::#ident }
            } else {
                quote! { #ident }
            }
        }
    }
}

fn type_def(def: &TypeDef) -> TokenStream {
    let docs = doc_attrs(&def.docs);
    let name = format_ident!("{}", def.name);
    match &def.kind {
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty, false);
            quote! {
                #docs
                pub type #name = #ty;
            }
        }
        TypeKind::Struct(s) => struct_def(&name, &docs, s),
        TypeKind::StringEnum(variants) => string_enum(&name, &docs, variants),
        TypeKind::OneOf(one_of_def) => {
            let one_of = one_of(&name, &docs, &one_of_def.variants);
            let deserialize = one_of_deserialize(&name, one_of_def);
            let to_param = one_of_to_param(&name);
            quote! { #one_of #deserialize #to_param }
        }
    }
}

fn one_of(name: &proc_macro2::Ident, docs: &TokenStream, variants: &[OneOfVariant]) -> TokenStream {
    let variants = variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.name);
        let ty = rust_type(&variant.ty, false);
        let ty = if variant.boxed { quote! { Box<#ty> } } else { ty };
        let doc = format!(" The value as {}.", variant.name);
        quote! { #[doc = #doc] #ident(#ty), }
    });
    quote! {
        #docs
        ///
        /// One of several shapes, serialized as the variant's value alone. Deserializing picks the
        /// variant the discriminator property names, where the spec has one; otherwise, for an
        /// object, the variant that knows all of its keys, else the one that knows the most, and for
        /// other values the first variant that fits.
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The `Deserialize` impl of a `oneOf` enum: a list of its members for the runtime to choose from,
/// by discriminator value when the spec has one, else by best fit.
fn one_of_deserialize(name: &proc_macro2::Ident, one_of: &OneOf) -> TokenStream {
    let parse = |variant_name: &str| {
        let variant = one_of.variants.iter().find(|v| v.name == variant_name);
        let ident = format_ident!("{}", variant_name);
        if variant.is_some_and(|v| v.boxed) {
            quote! { |v| serde::Deserialize::deserialize(v).map(|x| Self::#ident(Box::new(x))) }
        } else {
            quote! { |v| serde::Deserialize::deserialize(v).map(Self::#ident) }
        }
    };
    let type_name = name.to_string();
    let call = match &one_of.discriminator {
        Some(discriminator) => {
            let property = &discriminator.property;
            let members = discriminator.values.iter().map(|(value, variant)| {
                let parse = parse(variant);
                quote! { crate::runtime::Tagged { value: #value, parse: #parse }, }
            });
            quote! { crate::runtime::by_discriminator(deserializer, #type_name, #property, &[#(#members)*]) }
        }
        None => {
            let members = one_of.variants.iter().map(|variant| {
                let variant_name = &variant.name;
                let keys = match &variant.properties {
                    Some(keys) => quote! { Some(&[#(#keys),*]) },
                    None => quote! { None },
                };
                let parse = parse(variant_name);
                quote! { crate::runtime::Member { name: #variant_name, keys: #keys, parse: #parse }, }
            });
            quote! { crate::runtime::best_fit(deserializer, #type_name, &[#(#members)*]) }
        }
    };
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #call
            }
        }
    }
}

/// A `oneOf` enum as a parameter: the value's JSON, unquoted for strings.
fn one_of_to_param(name: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl crate::runtime::ToParam for #name {
            fn to_param(&self) -> std::borrow::Cow<'_, str> {
                crate::runtime::json_param(self)
            }
        }
    }
}

fn field_type(field: &Field) -> TokenStream {
    let ty = rust_type(&field.ty, false);
    let ty = if field.boxed { quote! { Box<#ty> } } else { ty };
    if field.required {
        ty
    } else {
        quote! { Option<#ty> }
    }
}

fn struct_def(name: &proc_macro2::Ident, docs: &TokenStream, s: &Struct) -> TokenStream {
    let fields = s.fields.iter().map(|field| {
        let docs = doc_attrs(&field.docs);
        let ident = format_ident!("{}", field.name);
        let api_name = &field.api_name;
        let rename = (field.name != field.api_name).then(|| quote! { rename = #api_name, });
        let serde = if field.required {
            rename.map(|r| quote! { #[serde(#r)] })
        } else {
            Some(quote! { #[serde(#rename default, skip_serializing_if = "Option::is_none")] })
        };
        let ty = field_type(field);
        quote! {
            #docs
            #serde
            pub #ident: #ty,
        }
    });
    let default = s.all_optional().then(|| quote! { Default, });
    let constructor = (!s.all_optional()).then(|| {
        let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
        let args = required.iter().map(|f| {
            let ident = format_ident!("{}", f.name);
            let ty = field_type(f);
            quote! { #ident: #ty }
        });
        let inits = s.fields.iter().map(|f| {
            let ident = format_ident!("{}", f.name);
            if f.required {
                quote! { #ident }
            } else {
                quote! { #ident: None }
            }
        });
        quote! {
            impl #name {
                /// Creates a value from the required fields; every optional field is `None`.
                pub fn new(#(#args),*) -> Self {
                    Self { #(#inits),* }
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
        #constructor
    }
}

fn string_enum(name: &proc_macro2::Ident, docs: &TokenStream, variants: &[EnumVariant]) -> TokenStream {
    let idents: Vec<_> = variants.iter().map(|v| format_ident!("{}", v.name)).collect();
    let values: Vec<&str> = variants.iter().map(|v| v.api_name.as_str()).collect();
    let variant_docs = values.iter().map(|v| {
        let doc = format!(" `{}`", v.replace('`', "'"));
        quote! { #[doc = #doc] }
    });
    quote! {
        #docs
        ///
        /// Values this version of the spec does not list deserialize into `Unknown`, so a new value
        /// sent by the API does not fail the whole response.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variant_docs #idents,)*
            /// A value the spec does not list, as received.
            Unknown(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #values,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#idents,)*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }

        impl crate::runtime::ToParam for #name {
            fn to_param(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    }
}
