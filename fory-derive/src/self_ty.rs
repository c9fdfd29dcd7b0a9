//! `Self` in field types, spelled out.
//!
//! The expansion names field types inside impls of helper traits for
//! other types (where `Self` is the helper) and in bounds, so a field of
//! type `Vec<Self>` must read `Vec<Tree<T>>` there: every `Self` in a field
//! type becomes the type itself, with its parameters, before anything is
//! generated.

use proc_macro2::{Group, TokenStream, TokenTree};
use quote::quote;
use syn::{Data, DeriveInput, Fields};

/// Replaces `Self` in every field type of `input` with the type's own
/// name and parameters (`Tree<T>`); a type without `Self` is untouched.
pub(crate) fn name_self_in_fields(input: &mut DeriveInput) {
    let ident = &input.ident;
    let (_, ty_generics, _) = input.generics.split_for_impl();
    let own = quote!(#ident #ty_generics);
    let fields: Vec<&mut syn::Field> = match &mut input.data {
        Data::Struct(s) => fields_of(&mut s.fields).collect(),
        Data::Enum(e) => e
            .variants
            .iter_mut()
            .flat_map(|v| fields_of(&mut v.fields))
            .collect(),
        Data::Union(_) => Vec::new(),
    };
    for f in fields {
        let ty = &f.ty;
        let tokens = quote!(#ty);
        if !has_self(&tokens) {
            continue;
        }
        if let Ok(ty) = syn::parse2(replace(tokens, &own)) {
            f.ty = ty;
        }
    }
}

fn fields_of(fields: &mut Fields) -> impl Iterator<Item = &mut syn::Field> {
    fields.iter_mut()
}

fn has_self(ts: &TokenStream) -> bool {
    ts.clone().into_iter().any(|tt| match tt {
        TokenTree::Ident(i) => i == "Self",
        TokenTree::Group(g) => has_self(&g.stream()),
        _ => false,
    })
}

fn replace(ts: TokenStream, own: &TokenStream) -> TokenStream {
    ts.into_iter()
        .flat_map(|tt| -> Vec<TokenTree> {
            match tt {
                TokenTree::Ident(i) if i == "Self" => {
                    // spanned where `Self` was written
                    own.clone()
                        .into_iter()
                        .map(|mut t| {
                            t.set_span(i.span());
                            t
                        })
                        .collect()
                }
                TokenTree::Group(g) => {
                    let mut inner = Group::new(g.delimiter(), replace(g.stream(), own));
                    inner.set_span(g.span());
                    vec![TokenTree::Group(inner)]
                }
                other => vec![other],
            }
        })
        .collect()
}
