//! When the input has errors, still implement the traits (with bodies that
//! fail at run time), so the user sees the real errors and not a cascade
//! of "the trait `Serialize` is not implemented" at every use.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Generics, Ident};

pub(crate) fn stub(ident: &Ident, generics: &Generics, rt: &TokenStream) -> TokenStream {
    if generics.lifetimes().next().is_some() {
        // a user type needs 'static; a stub would only add errors
        return TokenStream::new();
    }
    // `'static` on the type parameters, as the real impls have (a user
    // type is `'static`): else that is one more error
    let mut generics = generics.clone();
    let params: Vec<Ident> = generics.type_params().map(|t| t.ident.clone()).collect();
    let where_clause = generics.make_where_clause();
    for p in params {
        where_clause.predicates.push(syn::parse_quote!(#p: 'static));
    }
    let (impl_g, ty_g, where_c) = generics.split_for_impl();
    quote! {
        const _: () = {
            impl #impl_g #rt::ForyType for #ident #ty_g #where_c {
                const FORY_TYPE_ID: ::core::primitive::u8 = #rt::type_id::STRUCT;
            }
            impl #impl_g #rt::UserType for #ident #ty_g #where_c {
                const FORY_KIND: #rt::UserKind = #rt::UserKind::Struct;
                fn fory_default_name() -> (#rt::String, #rt::String) {
                    (#rt::String::new(), #rt::String::new())
                }
            }
            impl #impl_g #rt::Serialize for #ident #ty_g #where_c {
                fn fory_write_data<'__a>(&'__a self, _: &mut #rt::WriteContext<'__a, '_>) -> #rt::Result<()> {
                    #rt::StdResult::Err(#rt::Error::new(#rt::ErrorKind::Unsupported, "ForyObject derive failed"))
                }
            }
            impl #impl_g #rt::Deserialize for #ident #ty_g #where_c {
                fn fory_read_data(_: &mut #rt::ReadContext<'_, '_>, _: ::core::primitive::u8) -> #rt::Result<Self> {
                    #rt::StdResult::Err(#rt::Error::new(#rt::ErrorKind::Unsupported, "ForyObject derive failed"))
                }
            }
        };
    }
}
