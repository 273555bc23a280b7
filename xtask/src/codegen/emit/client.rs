//! Emits `src/generated/client.rs`: the crate's own `Client`, a wrapper of the runtime's (which
//! knows no generated item), with the constructors every generated client has, the `ClientBuilder`
//! that builds it, and the spec's default base URL. The operations' methods are in `operations.rs`.
//!
//! The wrapper exists because methods can only be added to a type of one's own crate. Its
//! constructors' names are reserved (`naming::CLIENT_METHODS`), so no operation's method can take
//! them.

use proc_macro2::TokenStream;
use quote::quote;

use crate::codegen::emit::sentences;
use crate::codegen::emit::tokens::{docs, runtime};
use crate::codegen::model::Api;

pub fn generate(api: &Api) -> Result<TokenStream, String> {
    let rt = runtime();
    let base_url = api.default_base_url.as_deref().unwrap_or("");
    let base_url_doc = docs(&[sentences::base_url_doc(base_url)]);
    let client_doc = docs(&sentences::client_doc(&api.info));
    let builder_doc = docs(&[sentences::builder_alias_doc()]);
    let (new_doc, builder_fn_doc) = (docs(&sentences::new_doc()), docs(&[sentences::builder_doc()]));
    let (source_doc, base_url_fn_doc) =
        (docs(&[sentences::token_source_doc()]), docs(&[sentences::base_url_method_doc()]));
    Ok(quote! {
        #base_url_doc
        pub const DEFAULT_BASE_URL: &str = #base_url;

        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client(pub(crate) #rt::Client);

        #builder_doc
        pub type ClientBuilder = #rt::ClientBuilder<Client>;

        impl Client {
            #new_doc
            pub fn new(token: impl AsRef<str>) -> Self {
                Self::builder(token).build_or_panic()
            }

            #builder_fn_doc
            pub fn builder(token: impl AsRef<str>) -> ClientBuilder {
                ClientBuilder::new(token, DEFAULT_BASE_URL)
            }

            #source_doc
            pub fn builder_with_token_source(source: impl #rt::TokenSource + 'static) -> ClientBuilder {
                ClientBuilder::with_token_source(source, DEFAULT_BASE_URL)
            }

            #base_url_fn_doc
            pub fn base_url(&self) -> &str {
                self.0.base_url()
            }
        }

        impl From<#rt::Client> for Client {
            fn from(client: #rt::Client) -> Self {
                Client(client)
            }
        }
    })
}
