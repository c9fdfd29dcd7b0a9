//! The input, read into a small model.

use proc_macro2::Span;
use syn::{Data as SynData, DeriveInput, Fields, Ident, Index, Member, Type};

use crate::attr;
use crate::ctxt::Ctxt;

pub(crate) struct Input<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) generics: &'a syn::Generics,
    pub(crate) attrs: attr::Container,
    pub(crate) data: Data<'a>,
}

pub(crate) enum Data<'a> {
    Struct(Style, Vec<Field<'a>>),
    Enum(Vec<Variant<'a>>),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Named,
    Tuple,
    Unit,
}

pub(crate) struct Field<'a> {
    /// `self.<member>`: a name or a tuple index.
    pub(crate) member: Member,
    pub(crate) ty: &'a Type,
    pub(crate) attrs: attr::Field,
    /// The name on the wire (after `rename`).
    pub(crate) wire_name: String,
    /// Spelled `PhantomData<..>` or `PhantomPinned` and neither
    /// `#[fory(skip)]` nor `#[fory(skip = false)]`: not written, the
    /// marker again on read (the expansion checks that the type is std's,
    /// see `PhantomField`).
    pub(crate) phantom: bool,
    pub(crate) original: &'a syn::Field,
}

impl Field<'_> {
    /// Not on the wire: `#[fory(skip)]`, or a `PhantomData` or
    /// `PhantomPinned` marker.
    pub(crate) fn skipped(&self) -> bool {
        self.attrs.skips() || self.phantom
    }
}

pub(crate) struct Variant<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) style: Style,
    pub(crate) fields: Vec<Field<'a>>,
    pub(crate) attrs: attr::Variant,
    pub(crate) original: &'a syn::Variant,
}

impl<'a> Input<'a> {
    /// Reads the input; `None` when its shape cannot be derived at all.
    pub(crate) fn from_syn(cx: &mut Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let attrs = attr::container(cx, &input.attrs);
        let data = match &input.data {
            SynData::Struct(s) => {
                let (style, fields) = fields(cx, &s.fields);
                Data::Struct(style, fields)
            }
            SynData::Enum(e) => Data::Enum(
                e.variants
                    .iter()
                    .map(|v| {
                        let attrs = attr::variant(cx, &v.attrs);
                        let (style, fields) = fields(cx, &v.fields);
                        Variant {
                            ident: &v.ident,
                            style,
                            fields,
                            attrs,
                            original: v,
                        }
                    })
                    .collect(),
            ),
            SynData::Union(u) => {
                cx.error_spanned_by(
                    u.union_token,
                    "ForyObject cannot be derived for a union: a union does not record which field is set; use an enum, which becomes a Fory union",
                );
                return None;
            }
        };
        Some(Input {
            ident: &input.ident,
            generics: &input.generics,
            attrs,
            data,
        })
    }
}

/// `PhantomData<..>` or `PhantomPinned`, by any path
/// (`std::marker::PhantomData`, or imported). Syntax alone cannot tell
/// std's markers from other types of those names: the expansion checks it
/// (`PhantomField`), and an alias of a marker is not recognised (it is
/// written as `()`, by its impls).
fn is_phantom(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => p
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "PhantomData" || s.ident == "PhantomPinned"),
        _ => false,
    }
}

fn fields<'a>(cx: &mut Ctxt, fields: &'a Fields) -> (Style, Vec<Field<'a>>) {
    let style = match fields {
        Fields::Named(_) => Style::Named,
        Fields::Unnamed(_) => Style::Tuple,
        Fields::Unit => Style::Unit,
    };
    let out = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let attrs = attr::field(cx, &f.attrs);
            let (member, name) = match &f.ident {
                Some(id) => (Member::Named(id.clone()), unraw(id)),
                None => (
                    Member::Unnamed(Index {
                        index: i as u32,
                        span: Span::call_site(),
                    }),
                    format!("_{i}"),
                ),
            };
            let wire_name = attrs.rename.clone().unwrap_or(name);
            // a `PhantomData` or `PhantomPinned` marker holds no data:
            // not written, the marker again on read
            let phantom = is_phantom(&f.ty) && attrs.skip.is_none();
            Field {
                member,
                ty: &f.ty,
                attrs,
                wire_name,
                phantom,
                original: f,
            }
        })
        .collect();
    (style, out)
}

fn unraw(id: &Ident) -> String {
    let s = id.to_string();
    s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
}
