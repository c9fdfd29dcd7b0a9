//! Code generation.

use proc_macro2::{TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{DeriveInput, GenericParam, Generics, Ident, Type};

use crate::ast::{Data, Field, Input, Style, Variant};
use crate::attr::FieldDefault;
use crate::ctxt::Ctxt;
use crate::{check, fallback};

pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    let mut cx = Ctxt::default();
    let parsed = Input::from_syn(&mut cx, input);
    if let Some(p) = &parsed {
        check::check(&mut cx, p);
    }
    let rt = runtime_path(parsed.as_ref());
    match cx.check() {
        Ok(()) => match parsed {
            Some(p) => generate(&p, &rt),
            None => TokenStream::new(),
        },
        Err(e) => {
            let mut out = e.to_compile_error();
            out.extend(fallback::stub(&input.ident, &input.generics, &rt));
            out
        }
    }
}

fn runtime_path(input: Option<&Input<'_>>) -> TokenStream {
    match input.and_then(|i| i.attrs.crate_path.as_ref()) {
        Some(path) => quote!(#path::__private),
        None => quote!(::fory_core::__private),
    }
}

fn generate(input: &Input<'_>, rt: &TokenStream) -> TokenStream {
    let body = match &input.data {
        Data::Struct(style, fields) => struct_impls(input, rt, *style, fields),
        Data::Enum(variants) if variants.iter().all(|v| v.style == Style::Unit) => {
            enum_impls(input, rt, variants)
        }
        Data::Enum(variants) => union_impls(input, rt, variants),
    };
    quote! {
        #[allow(
            non_upper_case_globals,
            unused_qualifications,
            unused_variables,
            clippy::all,
            clippy::pedantic,
            clippy::nursery,
            clippy::restriction
        )]
        const _: () = {
            #body
        };
    }
}

// ----- generics -----

/// Does `ty` mention the identifier `param`?
fn mentions(ty: &Type, param: &Ident) -> bool {
    fn walk(ts: TokenStream, param: &Ident) -> bool {
        ts.into_iter().any(|tt| match tt {
            TokenTree::Ident(i) => &i == param,
            TokenTree::Group(g) => walk(g.stream(), param),
            _ => false,
        })
    }
    walk(quote!(#ty), param)
}

/// Generics with `bound + 'static` added for every type parameter a
/// written field uses as a type (serde's heuristic: `T`, `Vec<T>`), and
/// `'static` for the others; a field's associated type of a parameter
/// (`T::Item`, `<T as Tr>::Item`, also inside `Vec<T::Item>`) is bounded
/// itself, not its parameter, which need not be a Fory type (serde does
/// the same). So is a field whose type names a `?Sized` parameter
/// (`Box<T>`, `Rc<T>`: `Box<str>` is a Fory type, `str` is not). A
/// `#[fory(with = "module")]` field goes over the wire as `module::Wire`:
/// its type asks nothing of the parameters (the module's functions bound
/// them as they need).
fn bounded(generics: &Generics, fields: &[&Field<'_>], bound: TokenStream) -> Generics {
    let mut g = generics.clone();
    let params: Vec<Ident> = g
        .params
        .iter()
        .filter_map(|p| match p {
            GenericParam::Type(t) => Some(t.ident.clone()),
            _ => None,
        })
        .collect();
    let unsized_params = unsized_params(generics);
    let mut uses = Uses {
        params: &params,
        used: vec![false; params.len()],
        projections: Vec::new(),
    };
    for f in fields.iter().filter(|f| f.attrs.with.is_none()) {
        if unsized_params.iter().any(|p| mentions(f.ty, p)) {
            uses.projections.push(f.ty.clone());
        } else {
            uses.ty(f.ty);
        }
    }
    let Uses {
        used, projections, ..
    } = uses;
    let where_clause = g.make_where_clause();
    for (p, used) in params.iter().zip(used) {
        if used {
            where_clause
                .predicates
                .push(syn::parse_quote!(#p: #bound + 'static));
        } else {
            where_clause.predicates.push(syn::parse_quote!(#p: 'static));
        }
    }
    let mut seen = Vec::new();
    for ty in projections {
        let key = quote!(#ty).to_string();
        if !seen.contains(&key) {
            seen.push(key);
            where_clause.predicates.push(syn::parse_quote!(#ty: #bound));
        }
    }
    g
}

/// The type parameters declared `?Sized` (`T: ?Sized`, in the list or in
/// the where clause).
fn unsized_params(generics: &Generics) -> Vec<Ident> {
    let is_maybe = |b: &syn::TypeParamBound| {
        matches!(b, syn::TypeParamBound::Trait(t)
            if matches!(t.modifier, syn::TraitBoundModifier::Maybe(_)))
    };
    let mut out: Vec<Ident> = generics
        .type_params()
        .filter(|t| t.bounds.iter().any(is_maybe))
        .map(|t| t.ident.clone())
        .collect();
    if let Some(w) = &generics.where_clause {
        for p in &w.predicates {
            if let syn::WherePredicate::Type(pt) = p {
                if let Type::Path(tp) = &pt.bounded_ty {
                    if let Some(id) = tp.path.get_ident() {
                        if pt.bounds.iter().any(is_maybe) && !out.contains(id) {
                            out.push(id.clone());
                        }
                    }
                }
            }
        }
    }
    out
}

/// What field types ask of the type parameters (`bounded`).
struct Uses<'p> {
    params: &'p [Ident],
    /// Per parameter: used as a type of its own.
    used: Vec<bool>,
    /// Associated types of parameters, bounded themselves.
    projections: Vec<Type>,
}

impl Uses<'_> {
    fn param(&self, id: &Ident) -> Option<usize> {
        self.params.iter().position(|p| p == id)
    }

    /// Every parameter `tokens` mention counts as used (for the shapes
    /// walked no further: trait objects, `impl Trait`, macros).
    fn mentioned(&mut self, tokens: TokenStream) {
        fn walk(ts: TokenStream, params: &[Ident], used: &mut [bool]) {
            for tt in ts {
                match tt {
                    TokenTree::Ident(i) => {
                        if let Some(k) = params.iter().position(|p| *p == i) {
                            used[k] = true;
                        }
                    }
                    TokenTree::Group(g) => walk(g.stream(), params, used),
                    _ => {}
                }
            }
        }
        walk(tokens, self.params, &mut self.used);
    }

    fn ty(&mut self, ty: &Type) {
        match ty {
            Type::Path(p) => {
                let mentions_a_param = || self.params.iter().any(|q| mentions(ty, q));
                // `<X as Tr>::A`: bounded itself when it depends on a
                // parameter at all
                if p.qself.is_some() {
                    if mentions_a_param() {
                        self.projections.push(ty.clone());
                    }
                    return;
                }
                let segments = &p.path.segments;
                if p.path.leading_colon.is_none() {
                    if let Some(first) = segments.first() {
                        if matches!(first.arguments, syn::PathArguments::None) {
                            if let Some(k) = self.param(&first.ident) {
                                if segments.len() == 1 {
                                    // `T`
                                    self.used[k] = true;
                                } else {
                                    // `T::A`
                                    self.projections.push(ty.clone());
                                }
                                return;
                            }
                        }
                    }
                }
                // `PhantomData<T>` asks nothing of `T`, however it is
                // written (serde does the same)
                if segments.last().is_some_and(|s| s.ident == "PhantomData") {
                    return;
                }
                for seg in segments {
                    self.arguments(&seg.arguments);
                }
            }
            Type::Array(a) => self.ty(&a.elem),
            Type::Group(g) => self.ty(&g.elem),
            Type::Paren(p) => self.ty(&p.elem),
            Type::Ptr(p) => self.ty(&p.elem),
            Type::Reference(r) => self.ty(&r.elem),
            Type::Slice(s) => self.ty(&s.elem),
            Type::Tuple(t) => t.elems.iter().for_each(|e| self.ty(e)),
            other => self.mentioned(quote!(#other)),
        }
    }

    fn arguments(&mut self, args: &syn::PathArguments) {
        match args {
            syn::PathArguments::None => {}
            syn::PathArguments::AngleBracketed(a) => {
                for arg in &a.args {
                    match arg {
                        syn::GenericArgument::Type(t) => self.ty(t),
                        syn::GenericArgument::AssocType(b) => self.ty(&b.ty),
                        syn::GenericArgument::Lifetime(_) => {}
                        other => self.mentioned(quote!(#other)),
                    }
                }
            }
            syn::PathArguments::Parenthesized(p) => {
                p.inputs.iter().for_each(|t| self.ty(t));
                if let syn::ReturnType::Type(_, t) = &p.output {
                    self.ty(t);
                }
            }
        }
    }
}

fn all_fields<'b, 'a>(input: &'b Input<'a>) -> Vec<&'b Field<'a>> {
    match &input.data {
        Data::Struct(_, fields) => fields.iter().filter(|f| !f.skipped()).collect(),
        Data::Enum(vs) => vs
            .iter()
            .flat_map(|v| v.fields.iter())
            .filter(|f| !f.phantom)
            .collect(),
    }
}

/// The impls every user type has: `ForyType` and `UserType`.
/// `tracks_ref`: whether xlang ref tracking gives the values ref ids (as
/// pyfory's serializer for the kind does: structs and unions, not enums).
/// `type_extra`: more items of the `ForyType` impl.
fn common_impls(
    input: &Input<'_>,
    rt: &TokenStream,
    (kind, id, tracks_ref): (TokenStream, TokenStream, bool),
    accepts: TokenStream,
    (type_extra, extra): (TokenStream, TokenStream),
) -> TokenStream {
    let ident = input.ident;
    let fields = all_fields(input);
    let g = bounded(input.generics, &fields, quote!(#rt::ForyType));
    let (impl_g, ty_g, where_c) = g.split_for_impl();
    let ident_str = ident.to_string();
    // a non-generic type has one `static` slot (in a generic impl a
    // `static` would be shared by every instantiation)
    let slot = if input.generics.params.is_empty() {
        quote! {
            fn fory_type_slot() -> #rt::Option<&'static #rt::TypeSlot> {
                static SLOT: #rt::TypeSlot = #rt::TypeSlot::new();
                #rt::Option::Some(&SLOT)
            }
        }
    } else {
        quote!()
    };
    quote! {
        impl #impl_g #rt::ForyType for #ident #ty_g #where_c {
            const FORY_TYPE_ID: ::core::primitive::u8 = #rt::type_id::#id;
            const FORY_TRACKS_REF: ::core::primitive::bool = #tracks_ref;
            // never a back-reference: a derived value has no ref key
            const FORY_NATIVE_TRACKS_REF: ::core::primitive::bool = false;
            fn fory_type_name() -> &'static ::core::primitive::str {
                ::core::any::type_name::<Self>()
            }
            fn fory_user_type() -> #rt::Option<::core::any::TypeId> {
                #rt::Option::Some(::core::any::TypeId::of::<Self>())
            }
            #[inline]
            fn fory_write_type_info(__fory_ctx: &mut #rt::WriteContext<'_, '_>) -> #rt::Result<()> {
                #rt::write_type_info::<Self>(__fory_ctx)
            }
            fn fory_read_type_info(__fory_ctx: &mut #rt::ReadContext<'_, '_>) -> #rt::Result<::core::primitive::u8> {
                #rt::read_type_info::<Self>(__fory_ctx)
            }
            fn fory_accepts(__fory_id: ::core::primitive::u8) -> ::core::primitive::bool {
                #rt::#accepts(__fory_id)
            }
            #type_extra
        }
        impl #impl_g #rt::UserType for #ident #ty_g #where_c {
            const FORY_KIND: #rt::UserKind = #rt::UserKind::#kind;
            fn fory_default_name() -> (#rt::String, #rt::String) {
                #rt::default_type_name::<Self>(::core::module_path!(), #ident_str)
            }
            #slot
            #extra
        }
    }
}

// ----- structs -----

/// Up to this many fields, a struct reads (and a generic one writes) its
/// fields in straight lines when the order guessed from their syntax
/// holds. Otherwise, and past it, a struct without generic parameters
/// reads one call per position (`FieldReadAt`), a generic one reads and
/// writes in loops over the compile-time order. (Structs without generic
/// parameters write one call per position at any width, `FieldAt`.)
/// These forms are linear in the number of fields. The unrolled `match`
/// per position they replaced is quadratic in source: a crate of 40
/// generic structs of 16 fields (one a `Vec<T>`) took 100 s to build in
/// debug and 85 s in release, 10 s and 20 s now. Only a narrow generic
/// struct whose guess may miss for some parameter keeps it
/// (`guess_may_miss`).
const UNROLL_FIELDS: usize = 24;

/// The type a field has on the wire: its own, or `module::Wire` under
/// `#[fory(with = "module")]`.
fn wire_ty(f: &Field<'_>) -> TokenStream {
    match &f.attrs.with {
        Some(path) => with_item(path, "Wire"),
        None => {
            let ty = f.ty;
            quote!(#ty)
        }
    }
}

/// What generated code does with a field's type.
#[derive(Clone, Copy)]
enum Use {
    /// Its type id and flags.
    Type,
    /// Writes it.
    Write,
    /// Reads it.
    Read,
}

/// `<Type as FieldOps>` for a field, spanned at its type: every use of a
/// concrete field type's traits goes through it, so a type without them
/// is one error at the field. A type naming a generic parameter takes the
/// trait its impl bounds the parameter by (`ForyType`, `Serialize`,
/// `Deserialize`).
fn field_ops(f: &Field<'_>, rt: &TokenStream, generics: &Generics, what: Use) -> TokenStream {
    let ty = wire_ty(f);
    let span = match &f.attrs.with {
        Some(path) => path.span(),
        None => f.ty.span(),
    };
    let generic = f.attrs.with.is_none()
        && generics.params.iter().any(|p| match p {
            GenericParam::Type(t) => mentions(f.ty, &t.ident),
            _ => false,
        });
    let ops = match (generic, what) {
        (true, Use::Type) => quote!(FieldTypeOps),
        (true, Use::Write) => quote!(FieldWriteOps),
        _ => quote!(FieldOps),
    };
    quote_spanned!(span=> <#ty as #rt::#ops>)
}

/// Per written field: what the generated code passes as the field's
/// nullable and track_ref decisions (constants at the call site).
fn field_flags(f: &Field<'_>, rt: &TokenStream, generics: &Generics) -> (TokenStream, TokenStream) {
    let ops = field_ops(f, rt, generics, Use::Type);
    let nullable = match f.attrs.nullable {
        Some(b) => quote!(#b),
        None => quote!(#ops::NULLABLE),
    };
    let track = match f.attrs.track_ref {
        Some(b) => quote!(#b),
        None => quote!(#ops::SHARED),
    };
    (nullable, track)
}

/// Code that runs `arm(i)` for each field index `i` in wire order, one
/// `match` per position (the order is a constant, so each folds to one
/// arm), each guarded by `guard(p)` (a condition on constants, which
/// folds away too). Quadratic in source: only for narrow generic structs
/// whose guessed order may miss (see `guess_may_miss`).
fn unrolled(
    n: usize,
    arms: &[TokenStream],
    order: &TokenStream,
    guard: impl Fn(usize) -> Option<TokenStream>,
) -> TokenStream {
    let positions = (0..n).map(|p| {
        let one = quote! {
            match #order[#p] {
                #(#arms)*
                _ => {}
            }
        };
        match guard(p) {
            Some(cond) => quote!(if #cond { #one }),
            None => one,
        }
    });
    quote!(#(#positions)*)
}

/// Code that runs `arm(i)` for each field index `i` in `indices` (a slice
/// of the wire order): a loop, linear in source.
fn order_loop(indices: TokenStream, arms: &[TokenStream]) -> TokenStream {
    quote! {
        for &__index in #indices {
            match __index {
                #(#arms)*
                _ => {}
            }
        }
    }
}

fn struct_impls(
    input: &Input<'_>,
    rt: &TokenStream,
    style: Style,
    fields: &[Field<'_>],
) -> TokenStream {
    let ident = input.ident;
    let written: Vec<&Field<'_>> = fields.iter().filter(|f| !f.skipped()).collect();
    let n = written.len();
    let infos = written.iter().map(|f| {
        let ops = field_ops(f, rt, input.generics, Use::Type);
        let name = &f.wire_name;
        let nullable = opt_bool(f.attrs.nullable);
        let track = opt_bool(f.attrs.track_ref);
        quote! {
            __fields.push(#ops::info(#name, #nullable, #track));
        }
    });
    let names: Vec<&str> = written.iter().map(|f| f.wire_name.as_str()).collect();
    let ranks = crate::field_order::name_ranks(&names);
    let keys = written.iter().zip(&ranks).map(|(f, rank)| {
        let ops = field_ops(f, rt, input.generics, Use::Type);
        let (nullable, _) = field_flags(f, rt, input.generics);
        quote!(#rt::FieldKey::new(#ops::TYPE_ID, #nullable, #rank))
    });
    // plain: a number, bool or String field, a list of those, or an
    // `Option` of one, that is neither ref-tracked nor converted (its null
    // flag, when nullable, and its data are all it writes, on an output
    // cursor)
    let plain = written.iter().map(|f| {
        if f.attrs.with.is_some() {
            return quote!(false);
        }
        let ops = field_ops(f, rt, input.generics, Use::Type);
        let (_, track) = field_flags(f, rt, input.generics);
        quote!(#ops::PLAIN && !(#track))
    });
    // the most bytes a field writes on the cursor when that is bounded (a
    // number or `bool`, or an `Option` of one, plus its null flag when
    // nullable), else 0: the leading such fields in wire order are written
    // after making room once (`PlainWriter::fixed`)
    // (per written field: 0 when converted, else `width(ops, nullable,
    // track)`; an array expression)
    let per_field_width =
        |width: &dyn Fn(&TokenStream, &TokenStream, &TokenStream) -> TokenStream| {
            let each = written.iter().map(|f| {
                if f.attrs.with.is_some() {
                    return quote!(0usize);
                }
                let ops = field_ops(f, rt, input.generics, Use::Type);
                let (nullable, track) = field_flags(f, rt, input.generics);
                width(&ops, &nullable, &track)
            });
            quote!([#(#each),*])
        };
    let widths = per_field_width(&|ops, nullable, track| {
        quote! {
            if #ops::PLAIN && !(#track) && #ops::WIDTH > 0 {
                #ops::WIDTH + (#nullable) as ::core::primitive::usize
            } else {
                0
            }
        }
    });
    // the exact bytes of a field's data when they never vary (a number of
    // fixed size or `bool`) and it is neither nullable, ref-tracked nor
    // converted, else 0: the leading such fields in wire order are read
    // from bytes taken at once (`Reader::fixed`, see `direct_reads`)
    let exact = per_field_width(
        &|ops, nullable, track| quote!(if !(#nullable) && !(#track) { #ops::FIXED } else { 0 }),
    );
    // what `reads_in_line` counts (a struct with few string fields reads
    // them in line): the string fields that are neither nullable nor
    // ref-tracked
    let type_ids = written.iter().map(|f| {
        let ops = field_ops(f, rt, input.generics, Use::Type);
        quote!(#ops::TYPE_ID)
    });
    let nullable = written.iter().map(|f| field_flags(f, rt, input.generics).0);
    let alone = written.iter().map(|f| {
        if f.attrs.with.is_some() {
            return quote!(false);
        }
        let (_, track) = field_flags(f, rt, input.generics);
        quote!(!(#track))
    });
    // the wire order the fields' syntax suggests (a type parameter goes
    // with the rest, by name), and whether the compiler's order is that
    // one: a struct reads (and a generic one writes) its fields in that
    // order when it is (see `direct_reads` and `field_writes`)
    let by_index = input.generics.params.is_empty();
    let guess = {
        let syntax: Vec<(Option<&syn::Type>, Option<bool>)> = written
            .iter()
            .map(|f| (f.attrs.with.is_none().then_some(f.ty), f.attrs.nullable))
            .collect();
        crate::field_order::guess_order(&syntax, &ranks)
    };
    let guessed_order = quote! {
        const FORY_GUESSED_ORDER: ::core::primitive::bool =
            #rt::is_order::<#n>(<Self as #rt::UserType>::FORY_FIELD_ORDER, [#(#guess),*]);
    };
    let guessed = quote!(<Self as #rt::UserType>::FORY_GUESSED_ORDER);
    // A generic struct's guess takes a type parameter for the rest, which
    // misses for a field of type `T` given a number (`Tagged<f64>`, whose
    // `value: T` goes first). Where that can happen, a narrow generic
    // struct keeps the unrolled `match` per position (quadratic in source,
    // but straight lines for every instantiation: in loops, such a struct
    // wrote in 24% more instructions and read in 14% more); where its
    // parameters appear only in lists, maps and sets, it reads and writes
    // in the guessed order, with loops when that does not hold.
    let params: Vec<&Ident> = input
        .generics
        .params
        .iter()
        .filter_map(|p| match p {
            GenericParam::Type(t) => Some(&t.ident),
            _ => None,
        })
        .collect();
    let guess_may_miss = written.iter().any(|f| {
        f.attrs.with.is_none()
            && params.iter().any(|p| mentions(f.ty, p))
            && !crate::field_order::in_a_collection(f.ty)
    });
    let unroll = !by_index && n <= UNROLL_FIELDS && guess_may_miss;
    let order = quote!(<Self as #rt::UserType>::FORY_FIELD_ORDER);
    let fields_fn = quote! {
        fn fory_fields() -> #rt::Vec<#rt::FieldInfo> {
            let mut __fields = #rt::Vec::with_capacity(#n);
            #(#infos)*
            __fields
        }
        const FORY_FIELD_ORDER: &'static [::core::primitive::usize] = &#rt::field_order::<#n>([#(#keys),*]);
        const FORY_PLAIN_PREFIX: ::core::primitive::usize =
            #rt::plain_prefix::<#n>(<Self as #rt::UserType>::FORY_FIELD_ORDER, [#(#plain),*]);
        const FORY_FIXED_BYTES: ::core::primitive::usize =
            #rt::fixed_bytes::<#n>(<Self as #rt::UserType>::FORY_FIELD_ORDER, #widths);
        const FORY_FIXED_READ_BYTES: ::core::primitive::usize =
            #rt::fixed_bytes::<#n>(<Self as #rt::UserType>::FORY_FIELD_ORDER, #exact);
        const FORY_FIXED_READ_OFFSETS: &'static [::core::primitive::usize] =
            &#rt::fixed_offsets::<#n>(<Self as #rt::UserType>::FORY_FIELD_ORDER, #exact);
        const FORY_READS_IN_LINE: ::core::primitive::bool =
            #rt::reads_in_line::<#n>([#(#type_ids),*], [#(#nullable),*], [#(#alone),*]);
        #guessed_order
    };
    let common = common_impls(
        input,
        rt,
        (quote!(Struct), quote!(STRUCT), true),
        quote!(is_struct_id),
        (
            // every field written on the output cursor: no ref id given out
            quote! {
                const FORY_DATA_TAKES_REF_IDS: ::core::primitive::bool = <Self as #rt::UserType>::FORY_PLAIN_PREFIX
                    < <Self as #rt::UserType>::FORY_FIELD_ORDER.len();
            },
            fields_fn,
        ),
    );

    let g_ser = bounded(input.generics, &written, quote!(#rt::Serialize));
    let (impl_g, ty_g, where_c) = g_ser.split_for_impl();
    // The field writes, on the value `recv` (`self`, or a run's element).
    // The leading plain fields in wire order are written on one output
    // cursor (`WriteContext::plain`, a `PlainWriter` in the stream's mode,
    // here `__run`), through room made once for the
    // bounded-width ones that lead them (`PlainWriter::fixed`, here
    // `__fixed`: a number's write there has no capacity check, and a
    // string's or a list's goes on to the cursor); the rest field by field.
    let prefix = quote!(<Self as #rt::UserType>::FORY_PLAIN_PREFIX);
    // a plain field's write on the fixed room `fixed` (`&mut` to it), a
    // `Result` (a list field checks the nesting left, `__nest`, and its
    // length); None for a converted field, never in the plain run
    let plain_call = |f: &Field<'_>, recv: &TokenStream, fixed: &TokenStream| {
        if f.attrs.with.is_some() {
            return None;
        }
        let member = &f.member;
        let ops = field_ops(f, rt, input.generics, Use::Write);
        let name = &f.wire_name;
        let (nullable, _) = field_flags(f, rt, input.generics);
        Some(quote! {
            #ops::write_fixed(&#recv.#member, #fixed, __nest, #nullable)
                .map_err(|__e| #rt::field_error::<Self>(__e, #name))
        })
    };
    let plain_arms = |recv: &TokenStream| -> Vec<TokenStream> {
        written
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let call = plain_call(f, recv, &quote!(&mut __fixed))?;
                Some(quote!(#i => #call?,))
            })
            .collect()
    };
    // a field's write through the context, a `Result`
    let write_call = |f: &Field<'_>, recv: &TokenStream| {
        let member = &f.member;
        let ty = wire_ty(f);
        let ops = field_ops(f, rt, input.generics, Use::Write);
        let name = &f.wire_name;
        let (nullable, track) = field_flags(f, rt, input.generics);
        match &f.attrs.with {
            // a converted value lives only here: written through a
            // detached context (its buffers are copied if offered)
            Some(path) => {
                let to_wire = with_call(f, path, rt, "to_wire", quote!(&#recv.#member));
                quote! {{
                    let __wire: #ty = #to_wire;
                    __fory_ctx.detached(|__sub| {
                        #ops::write(&__wire, __sub, __compatible, #nullable, #track)
                    })
                    .map_err(|__e| #rt::field_error::<Self>(__e, #name))
                }}
            }
            None => quote! {
                #ops::write(&#recv.#member, __fory_ctx, __compatible, #nullable, #track)
                    .map_err(|__e| #rt::field_error::<Self>(__e, #name))
            },
        }
    };
    // A struct without generic parameters names its field at a position
    // by a constant (`FieldAt<{ FORY_FIELD_ORDER[p] }>`): one call per
    // position, however wide the struct. A generic one's order may depend
    // on its parameters, which a constant argument cannot name: it writes
    // in the guessed order when that holds, else in loops (or through a
    // `match` per position when its guess may miss, `unroll`).
    let at = |p: usize| {
        quote! {
            <#ident as #rt::FieldAt<{ <#ident as #rt::UserType>::FORY_FIELD_ORDER[#p] }>>
        }
    };
    let read_at = |p: usize| {
        quote! {
            <#ident as #rt::FieldReadAt<{ <#ident as #rt::UserType>::FORY_FIELD_ORDER[#p] }, _>>
        }
    };
    // by index: each field's two writes on `self` (on the plain run's
    // room, through the context), for its `FieldAt` impl (below)
    let field_at_writes: Vec<(TokenStream, TokenStream)> = if by_index {
        let recv = quote!(self);
        written
            .iter()
            .map(|f| {
                let plain = plain_call(f, &recv, &quote!(__fixed)).unwrap_or_else(|| {
                    quote!(::core::unreachable!("a converted field is never plain"))
                });
                (plain, write_call(f, &recv))
            })
            .collect()
    } else {
        Vec::new()
    };
    let fixed_bytes = quote!(<Self as #rt::UserType>::FORY_FIXED_BYTES);
    // the schema hash due (`__this_hash`) on the output, when no room is
    // made for it
    let hash_on_writer = quote! {
        if let #rt::Option::Some(__h) = __this_hash {
            __fory_ctx.writer().write_i32(__h);
        }
    };
    // (the leading plain fields' writes, with their cursor; the rest)
    let field_writes = |recv: &TokenStream| -> (TokenStream, TokenStream) {
        let write_arms: Vec<TokenStream> = written
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let call = write_call(f, recv);
                quote!(#i => #call?,)
            })
            .collect();
        // the leading plain fields' writes (`body`) on one cursor, with
        // room made once; the schema hash due before the fields
        // (`__this_hash`) goes on that room, when they are plain
        let plain_run = |body: TokenStream| {
            quote! {
                if #prefix > 0 {
                    let __nest = __fory_ctx.nest();
                    let mut __run = __fory_ctx.plain();
                    let mut __fixed = __run.fixed(#fixed_bytes + 4);
                    if let #rt::Option::Some(__h) = __this_hash {
                        __fixed.write_i32(__h);
                    }
                    #body
                } else {
                    #hash_on_writer
                }
            }
        };
        if by_index {
            let plain = (0..n).map(|p| {
                let at = at(p);
                quote!(if #p < #prefix { #at::fory_write_fixed_at(#recv, &mut __fixed, __nest)?; })
            });
            let rest = (0..n).map(|p| {
                let at = at(p);
                quote!(if #p >= #prefix { #at::fory_write_at(#recv, __fory_ctx, __compatible)?; })
            });
            (plain_run(quote!(#(#plain)*)), quote!(#(#rest)*))
        } else if unroll {
            let plain = unrolled(n, &plain_arms(recv), &order, |p| Some(quote!(#p < #prefix)));
            let rest = unrolled(n, &write_arms, &order, |p| Some(quote!(#p >= #prefix)));
            (plain_run(plain), rest)
        } else {
            // generic: the same two runs as loops over the order's two
            // parts (field by field through `write_field`, a 30-field
            // struct wrote at 2.7x the official crate's instructions;
            // these loops, 2.5x; one call per position, 0.8x), or, up to
            // UNROLL_FIELDS fields and when the guessed order holds,
            // straight lines in that order
            let plain_loop = order_loop(quote!(&#order[..#prefix]), &plain_arms(recv));
            let rest_loop = order_loop(quote!(&#order[#prefix..]), &write_arms);
            if n > UNROLL_FIELDS {
                return (plain_run(plain_loop), rest_loop);
            }
            // a converted field is never plain: nothing at its position
            // in the plain run
            let plain = guess.iter().enumerate().filter_map(|(p, &i)| {
                let call = plain_call(written[i], recv, &quote!(&mut __fixed))?;
                Some(quote!(if #p < #prefix { #call?; }))
            });
            let rest = guess.iter().enumerate().map(|(p, &i)| {
                let call = write_call(written[i], recv);
                quote!(if #p >= #prefix { #call?; })
            });
            let plain = plain_run(quote! {
                if #guessed {
                    #(#plain)*
                } else {
                    #plain_loop
                }
            });
            let rest = quote! {
                if #guessed {
                    #(#rest)*
                } else {
                    #rest_loop
                }
            };
            (plain, rest)
        }
    };
    let (plain_writes, writes) = field_writes(&quote!(self));
    let (each_plain_writes, each_writes) = field_writes(&quote!(__v));
    // every field plain (except in a wide generic struct): the whole run
    // goes on one output cursor, from its first value's first field to its
    // last value's last, with room made once per value for its schema
    // hash and its leading bounded-width fields
    let (all_plain, run_plain) = if by_index {
        let calls = (0..n).map(|p| {
            let at = at(p);
            quote!(#at::fory_write_fixed_at(__v, &mut __fixed, __nest)?;)
        });
        (quote!(#prefix == #n), quote!(#(#calls)*))
    } else if unroll {
        let arms = plain_arms(&quote!(__v));
        (quote!(#prefix == #n), unrolled(n, &arms, &order, |_| None))
    } else if n <= UNROLL_FIELDS {
        let arms = plain_arms(&quote!(__v));
        let calls = guess.iter().filter_map(|&i| {
            let call = plain_call(written[i], &quote!(__v), &quote!(&mut __fixed))?;
            Some(quote!(#call?;))
        });
        let run_loop = order_loop(order.clone(), &arms);
        let run = quote! {
            if #guessed {
                #(#calls)*
            } else {
                #run_loop
            }
        };
        (quote!(#prefix == #n), run)
    } else {
        (quote!(false), quote!())
    };
    let serialize = quote! {
        impl #impl_g #rt::Serialize for #ident #ty_g #where_c {
            #[inline]
            fn fory_write_data<'__a>(&'__a self, __fory_ctx: &mut #rt::WriteContext<'__a, '_>) -> #rt::Result<()> {
                let (__compatible, __this_hash) = #rt::begin_write_struct::<Self>(__fory_ctx)?;
                #plain_writes
                #writes
                __fory_ctx.leave();
                #rt::StdResult::Ok(())
            }

            #[inline]
            fn fory_write_data_each<'__a, __I>(
                __items: __I,
                __fory_ctx: &mut #rt::WriteContext<'__a, '_>,
            ) -> #rt::Result<()>
            where
                Self: '__a,
                __I: #rt::Iterator<Item = &'__a Self>,
            {
                <Self as #rt::Serialize>::fory_write_entries(
                    #rt::Iterator::map(__items, |__v| (#rt::NoKey, __v)),
                    __fory_ctx,
                )
            }

            fn fory_write_entries<'__a, __Q, __I>(
                mut __items: __I,
                __fory_ctx: &mut #rt::WriteContext<'__a, '_>,
            ) -> #rt::Result<()>
            where
                Self: '__a,
                __Q: #rt::EntryKey<'__a>,
                __I: #rt::Iterator<Item = (__Q, &'__a Self)>,
            {
                // the run's setup only when it has a value: it marks the
                // schema hash written
                let (mut __key, mut __v) = match __items.next() {
                    #rt::Option::Some(__entry) => __entry,
                    #rt::Option::None => return #rt::StdResult::Ok(()),
                };
                let (__compatible, mut __hash, __each_hash) =
                    #rt::begin_write_run::<Self>(__fory_ctx)?;
                if #all_plain {
                    let __nest = __fory_ctx.nest();
                    let mut __run = __fory_ctx.plain();
                    loop {
                        #rt::EntryKey::write_plain(__key, &mut __run);
                        let mut __fixed = __run.fixed(#fixed_bytes + 4);
                        if let #rt::Option::Some(__h) = __hash {
                            __fixed.write_i32(__h);
                        }
                        __hash = __each_hash;
                        #run_plain
                        (__key, __v) = match __items.next() {
                            #rt::Option::Some(__entry) => __entry,
                            #rt::Option::None => break,
                        };
                    }
                } else {
                    loop {
                        #rt::EntryKey::write(__key, __fory_ctx)?;
                        let __this_hash = __hash;
                        __hash = __each_hash;
                        #each_plain_writes
                        #each_writes
                        (__key, __v) = match __items.next() {
                            #rt::Option::Some(__entry) => __entry,
                            #rt::Option::None => break,
                        };
                    }
                }
                __fory_ctx.leave();
                #rt::StdResult::Ok(())
            }
        }
    };

    let mut g_de = bounded(input.generics, &written, quote!(#rt::Deserialize));
    filled_bounds(&mut g_de, input.generics, fields, rt);
    let (impl_g, ty_g, where_c) = g_de.split_for_impl();
    let slot = |i: usize| format_ident!("__field{}", i);
    let slots: Vec<TokenStream> = written
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let s = slot(i);
            let ty = wire_ty(f);
            quote!(let mut #s: #rt::Option<#ty> = #rt::Option::None;)
        })
        .collect();
    // the direct reads in wire order: for a single value in the guessed
    // order, `FieldOps::read` (a string's read out of line) or, when the
    // struct has few string fields (`UserType::FORY_READS_IN_LINE`, a
    // const), `read_in_run`; in a run's loop and in the reads by position
    // (one `FieldReadAt::fory_read_at` for both), `read_in_run` (plain
    // fields in line there). A field's direct read, a
    // `Result` of its wire type:
    let read_call = |f: &Field<'_>, one_value: bool| -> TokenStream {
        let ops = field_ops(f, rt, input.generics, Use::Read);
        let name = &f.wire_name;
        let (nullable, track) = field_flags(f, rt, input.generics);
        let in_run = quote!(#ops::read_in_run(__fory_ctx, __compatible, #nullable, #track));
        let call = if one_value {
            quote! {
                if <Self as #rt::UserType>::FORY_READS_IN_LINE {
                    #in_run
                } else {
                    #ops::read(__fory_ctx, __compatible, #nullable, #track)
                }
            }
        } else {
            in_run
        };
        quote!(#call.map_err(|__e| #rt::field_error::<Self>(__e, #name)))
    };
    // A struct without generic parameters reads its fields in straight
    // lines of code, each into a slot of its own, in the wire order its
    // fields' syntax suggests (`field_order::guess_order`), when a
    // constant (`FORY_GUESSED_ORDER`) confirms that the compiler's order
    // is that one. Otherwise (a type alias of a number, say), and past
    // UNROLL_FIELDS fields, it reads one call per position (`FieldReadAt`,
    // as its writes) into a tuple of slots (`slots_ty`) then
    // taken apart. Both are linear in the number of fields. Up to 24
    // fields the straight lines keep the slots in registers (the tuple
    // cost MediaContent's read 1.4% more instructions); with 30 the tuple
    // is the faster (3,795 instructions against 3,940). A generic struct's
    // order may depend on its parameters (the guess puts a parameter with
    // the rest): it reads in the guessed order when that holds, else in a
    // loop over the order.
    let slot_names: Vec<Ident> = (0..n).map(slot).collect();
    // the tuple of slots, the `S` of `FieldReadAt<I, S>` (a parameter of
    // the trait: as an associated type it would be part of the impl's
    // public interface, an error for a private field type)
    let slots_ty = {
        let wire_tys = written.iter().map(|f| wire_ty(f));
        quote!((#(#rt::Option<#wire_tys>,)*))
    };
    // Field `i`'s direct read (`call`) into `target`, where the leading
    // fields of fixed width in wire order (`FORY_FIXED_READ_OFFSETS`,
    // constants, so each field keeps one of its two reads) read from bytes
    // the first of them takes for all (`fixed`, a `FixedReader` place):
    // one bounds check and one cursor move for the run (a struct of ten
    // numbers read in 493 instructions, 543 field by field).
    let with_fixed = |i: usize, call: TokenStream, target: TokenStream, fixed: TokenStream| {
        let f = written[i];
        let ops = field_ops(f, rt, input.generics, Use::Read);
        let name = &f.wire_name;
        let offset = quote!(<Self as #rt::UserType>::FORY_FIXED_READ_OFFSETS[#i]);
        quote! {
            if const { #offset == 0 } {
                #fixed = __fory_ctx
                    .reader()
                    .fixed(<Self as #rt::UserType>::FORY_FIXED_READ_BYTES)
                    .map_err(|__e| #rt::field_error::<Self>(__e, #name))?;
            }
            #target = #rt::Option::Some(if const { #offset != ::core::primitive::usize::MAX } {
                #ops::read_fixed(&#fixed, const { #offset })
                    .map_err(|__e| #rt::field_error::<Self>(__e, #name))?
            } else {
                #call?
            });
        }
    };
    let direct_reads = |one_value: bool| -> TokenStream {
        // the reads in the guessed order, each into its slot
        let straight: Vec<TokenStream> = guess
            .iter()
            .map(|&i| {
                let call = read_call(written[i], one_value);
                let s = slot(i);
                with_fixed(i, call, quote!(#s), quote!(__fixed))
            })
            .collect();
        let straight = if n == 0 {
            quote!()
        } else {
            quote! {
                let mut __fixed = #rt::FixedReader::EMPTY;
                #(#straight)*
            }
        };
        if by_index {
            if n == 0 {
                return quote!();
            }
            let calls = (0..n).map(|p| {
                let read_at = read_at(p);
                quote!(#read_at::fory_read_at(&mut __slots, __fory_ctx, __compatible, &mut __fixed)?;)
            });
            let nones = (0..n).map(|_| quote!(#rt::Option::None,));
            let by_calls = quote! {
                let mut __slots: #slots_ty = (#(#nones)*);
                let mut __fixed = #rt::FixedReader::EMPTY;
                #(#calls)*
            };
            if n > UNROLL_FIELDS {
                return quote! {
                    #by_calls
                    let (#(#slot_names,)*) = __slots;
                };
            }
            return quote! {
                let (#(#slot_names,)*) = if #guessed {
                    #(#slots)*
                    #straight
                    (#(#slot_names,)*)
                } else {
                    #by_calls
                    __slots
                };
            };
        }
        let arms: Vec<TokenStream> = written
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let s = slot(i);
                let call = read_call(f, one_value);
                quote!(#i => #s = #rt::Option::Some(#call?),)
            })
            .collect();
        if unroll {
            return unrolled(n, &arms, &order, |_| None);
        }
        let read_loop = order_loop(order.clone(), &arms);
        if n > UNROLL_FIELDS {
            return read_loop;
        }
        quote! {
            if #guessed {
                #straight
            } else {
                #read_loop
            }
        }
    };
    let direct = direct_reads(true);
    let run_direct = direct_reads(false);
    let planned_arms = written.iter().enumerate().map(|(i, f)| {
        let s = slot(i);
        let ops = field_ops(f, rt, input.generics, Use::Read);
        let name = &f.wire_name;
        quote! {
            #i => #s = #rt::Option::Some(
                #ops::read_as(__fory_ctx, __info)
                    .map_err(|__e| #rt::field_error::<Self>(__e, #name))?,
            ),
        }
    });
    let mut next = 0usize;
    let inits: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let member = &f.member;
            if f.skipped() {
                let value = filled_value(f, rt);
                return quote!(#member: #value);
            }
            let s = slot(next);
            next += 1;
            let name = &f.wire_name;
            let ops = field_ops(f, rt, input.generics, Use::Read);
            match (&f.attrs.with, filled_value(f, rt)) {
                (None, Some(value)) => quote! {
                    #member: match #s {
                        #rt::Option::Some(__v) => __v,
                        #rt::Option::None => #value,
                    }
                },
                (None, None) => quote! {
                    #member: #ops::take(#s, ::core::any::type_name::<Self>(), #name)?
                },
                (Some(path), Some(value)) => {
                    let from_wire = with_call(f, path, rt, "from_wire", quote!(__w));
                    quote! {
                    #member: match #s {
                        #rt::Option::Some(__w) => #from_wire
                            .map_err(|__e| #rt::field_error::<Self>(__e, #name))?,
                        #rt::Option::None => #value,
                    }
                    }
                }
                (Some(path), None) => {
                    let from_wire = with_call(
                        f,
                        path,
                        rt,
                        "from_wire",
                        quote!(#ops::take(#s, ::core::any::type_name::<Self>(), #name)?),
                    );
                    quote! {
                    #member: #from_wire
                    .map_err(|__e| #rt::field_error::<Self>(__e, #name))?
                    }
                }
            }
        })
        .collect();
    let construct = match style {
        Style::Unit => quote!(#ident),
        _ => quote!(#ident { #(#inits),* }),
    };
    let zeros = fields.iter().map(|f| {
        let member = &f.member;
        let ops = field_ops(f, rt, input.generics, Use::Read);
        if let Some(value) = filled_value(f, rt) {
            quote!(#member: #value)
        } else if let Some(path) = &f.attrs.with {
            let from_wire = with_call(f, path, rt, "from_wire", quote!(#ops::zero()?));
            quote!(#member: #rt::StdResult::ok(#from_wire)?)
        } else {
            quote!(#member: #ops::zero()?)
        }
    });
    let zero = match style {
        Style::Unit => quote!(#ident),
        _ => quote!(#ident { #(#zeros),* }),
    };
    // Unrolled, guessed or by index, the direct path fills every slot in
    // straight-line code, so the value is built right there, from slots of
    // its own (declared again, shadowing the shared ones, or taken apart
    // from the guessed reads' or the by-index calls' tuple). The planned
    // path's closure takes the shared slots by reference, so they live in
    // memory, and any call between a field's read and the construction
    // might change them: the compiler stored, reloaded and checked each
    // one. The direct path's own slots never escape, so it sees each one
    // `Some` and keeps the values in registers (MediaContent's read 3,685
    // -> 3,613 instructions, wall -7%; docs/benchmarks.md, sixteenth
    // session).
    // the slots a direct read declares for itself: none without generic
    // parameters, where `direct_reads` declares them
    let own_slots = if by_index {
        quote!()
    } else {
        quote!(#(#slots)*)
    };
    let (direct_slots, direct_return) = if by_index || n <= UNROLL_FIELDS {
        let ret = quote! {
            __fory_ctx.leave();
            return #rt::StdResult::Ok(#construct);
        };
        (own_slots.clone(), ret)
    } else {
        (quote!(), quote!())
    };
    let run_slots = own_slots;
    let field_at =
        written
            .iter()
            .zip(&field_at_writes)
            .enumerate()
            .map(|(i, (f, (plain, write)))| {
                let reads = if by_index {
                    let index = syn::Index::from(i);
                    // one read for a value alone and in a run, strings in
                    // line: the thirty-field struct's single-value read
                    // 3,689 -> 3,450 instructions, wall -7%, against its ten
                    // strings read out of line (a frame each); the guessed
                    // order keeps `FORY_READS_IN_LINE`, under which
                    // MediaContent's four strings read faster out of line
                    let read = with_fixed(
                        i,
                        read_call(f, false),
                        quote!(__slots.#index),
                        quote!(*__fixed),
                    );
                    quote! {
                        impl #rt::FieldReadAt<#i, #slots_ty> for #ident {

                            // always: with #[inline] the thirty-field struct of
                            // the shapes example read in 4,214 instructions, with
                            // always in 3,682 (the slots stay in registers)
                            #[inline(always)]
                            fn fory_read_at<'__d>(
                                __slots: &mut #slots_ty,
                                __fory_ctx: &mut #rt::ReadContext<'__d, '_>,
                                __compatible: ::core::primitive::bool,
                                __fixed: &mut #rt::FixedReader<'__d>,
                            ) -> #rt::Result<()> {
                                #read
                                #rt::StdResult::Ok(())
                            }
                        }
                    }
                } else {
                    quote!()
                };
                quote! {
                    impl #rt::FieldAt<#i> for #ident {
                        #[inline]
                        fn fory_write_fixed_at(
                            &self,
                            __fixed: &mut #rt::FixedWriter<'_, '_>,
                            __nest: #rt::Nest,
                        ) -> #rt::Result<()> {
                            #plain
                        }

                        #[inline]
                        fn fory_write_at<'__a>(
                            &'__a self,
                            __fory_ctx: &mut #rt::WriteContext<'__a, '_>,
                            __compatible: ::core::primitive::bool,
                        ) -> #rt::Result<()> {
                            #write
                        }
                    }
                    #reads
                }
            });
    let planned_read = quote! {
        #rt::read_planned::<Self, _>(__fory_ctx, &__layout, |__fory_ctx, __index, __info| {
            match __index {
                #(#planned_arms)*
                _ => {}
            }
            #rt::StdResult::Ok(())
        })?;
    };
    // A peer one version ahead or behind (an aligned plan): without
    // generic parameters, the direct code by position (`FieldReadAt`), each
    // field read after its gap's skips and only if the peer has it, in a
    // function of its own (`ReadAligned`), out of line: in `fory_read_data`
    // its copy of the field reads cost the direct read's inlining. A
    // generic struct reads it along the plan's steps.
    let (aligned_arm, aligned_fn) = if by_index {
        let steps = (0..n).map(|p| {
            let read_at = read_at(p);
            quote! {
                if #rt::aligned_step::<Self>(__fory_ctx, __layout, __gaps[#p])? {
                    #read_at::fory_read_at(&mut __slots, __fory_ctx, true, &mut __fixed)?;
                }
            }
        });
        let nones = (0..n).map(|_| quote!(#rt::Option::None,));
        let gaps = n + 1;
        let arm = quote! {
            #rt::StructRead::Aligned(__layout) => {
                return <Self as #rt::ReadAligned>::fory_read_aligned(__fory_ctx, &__layout);
            }
        };
        let function = quote! {
            impl #rt::ReadAligned for #ident {
                #[inline(never)]
                fn fory_read_aligned(
                    __fory_ctx: &mut #rt::ReadContext<'_, '_>,
                    __layout: &#rt::PeerLayout,
                ) -> #rt::Result<Self> {
                    let __gaps = __layout.gaps::<#gaps>()?;
                    let mut __slots: #slots_ty = (#(#nones)*);
                    let mut __fixed = #rt::FixedReader::EMPTY;
                    #(#steps)*
                    #rt::aligned_step::<Self>(__fory_ctx, __layout, __gaps[#n])?;
                    let (#(#slot_names,)*) = __slots;
                    __fory_ctx.leave();
                    #rt::StdResult::Ok(#construct)
                }
            }
        };
        (arm, function)
    } else {
        let arm = quote! {
            #rt::StructRead::Aligned(__layout) => {
                #planned_read
            }
        };
        (arm, quote!())
    };
    let deserialize = quote! {
        #(#field_at)*
        #aligned_fn

        impl #impl_g #rt::Deserialize for #ident #ty_g #where_c {
            const FORY_READS_RUNS: ::core::primitive::bool = true;

            fn fory_zero() -> #rt::Option<Self> {
                #rt::Option::Some(#zero)
            }

            fn fory_read_data(__fory_ctx: &mut #rt::ReadContext<'_, '_>, _type_id: ::core::primitive::u8) -> #rt::Result<Self> {
                #(#slots)*
                match #rt::begin_read_struct::<Self>(__fory_ctx)? {
                    #rt::StructRead::Direct(__compatible) => {
                        #direct_slots
                        #direct
                        #direct_return
                    }
                    #rt::StructRead::Planned(__layout) => {
                        #planned_read
                    }
                    #aligned_arm
                }
                __fory_ctx.leave();
                #rt::StdResult::Ok(#construct)
            }

            fn fory_read_data_each<const __FLAGGED: ::core::primitive::bool>(
                __fory_ctx: &mut #rt::ReadContext<'_, '_>,
                __type_id: ::core::primitive::u8,
                __len: ::core::primitive::usize,
                __out: &mut #rt::Vec<Self>,
            ) -> #rt::Result<()> {
                if __len == 0 {
                    return #rt::StdResult::Ok(());
                }
                let (__compatible, __hash) = match #rt::begin_read_run::<Self>(__fory_ctx, __FLAGGED)? {
                    #rt::Option::Some(__run) => __run,
                    #rt::Option::None => {
                        return #rt::read_each_value(__fory_ctx, __type_id, __len, __out, __FLAGGED);
                    }
                };
                for _ in 0..__len {
                    // a ref-tracked list: the element's flag (any but a
                    // value's has read the element whole)
                    if __FLAGGED && !#rt::read_run_flag::<Self>(__fory_ctx, __type_id, __out)? {
                        continue;
                    }
                    let __before = __fory_ctx.reader().position();
                    if let #rt::Option::Some(__expected) = __hash {
                        #rt::read_run_hash::<Self>(__fory_ctx, __expected)?;
                    }
                    #run_slots
                    #run_direct
                    #rt::push_element(__out, #construct);
                    // a value of no bytes, or a large one of few bytes, is
                    // charged to the read's budget
                    #rt::charge_element::<Self>(__fory_ctx, __before)?;
                }
                __fory_ctx.leave();
                #rt::StdResult::Ok(())
            }
        }
    };
    quote! { #common #serialize #deserialize }
}

/// The value of a field that is not read from the stream: a skipped
/// field's always, a `#[fory(default)]` field's when a compatible stream
/// lacks it (also the field's zero value); None for other fields. A
/// function's (`#[fory(default = "path")]`), or else the type's
/// `Default`, spanned at the field's type: a type without one is one
/// error there, naming the attribute.
fn filled_value(f: &Field<'_>, rt: &TokenStream) -> Option<TokenStream> {
    let ty = f.ty;
    let span = ty.span();
    if f.phantom {
        return Some(phantom_value(f, rt));
    }
    match (&f.attrs.default, f.attrs.skips()) {
        // through a function pointer of the field's type: a function of
        // another type is one error at the attribute, showing both
        (Some(FieldDefault::Function(path)), _) => Some(quote_spanned! {path.span()=>
            ({
                let __fory_default: fn() -> #ty = #path;
                __fory_default
            })()
        }),
        (_, true) => Some(quote_spanned!(span=> <#ty as #rt::SkippedField>::fory_skipped_value())),
        (Some(FieldDefault::Trait), false) => {
            Some(quote_spanned!(span=> <#ty as #rt::DefaultField>::fory_default_value()))
        }
        (None, false) => None,
    }
}

/// A `PhantomData` or `PhantomPinned` field's value: the marker, through
/// a trait only std's markers implement (spanned at the field's type, so
/// that another type of either name is an error there, not a field left
/// out).
fn phantom_value(f: &Field<'_>, rt: &TokenStream) -> TokenStream {
    let ty = f.ty;
    quote_spanned!(ty.span()=> <#ty as #rt::PhantomField>::fory_phantom())
}

/// For each skipped or `#[fory(default)]` field whose type names a type
/// parameter (`c: C`, `cache: Vec<C>`), a bound on the field's type for
/// its `filled_value`: `Default`, through the trait the value is made by
/// (the parameter itself is not bounded: `PhantomData<C>` and `Vec<C>`
/// have a `Default` whatever `C` is); none when a function makes it.
fn filled_bounds(g: &mut Generics, generics: &Generics, fields: &[Field<'_>], rt: &TokenStream) {
    let params: Vec<&Ident> = generics
        .params
        .iter()
        .filter_map(|p| match p {
            GenericParam::Type(t) => Some(&t.ident),
            _ => None,
        })
        .collect();
    let where_clause = g.make_where_clause();
    for f in fields {
        // a `PhantomData<T>` asks nothing of `T`
        if f.phantom || !params.iter().any(|p| mentions(f.ty, p)) {
            continue;
        }
        let ty = f.ty;
        match (&f.attrs.default, f.attrs.skips()) {
            (Some(FieldDefault::Function(_)), _) => {}
            (_, true) => where_clause
                .predicates
                .push(syn::parse_quote!(#ty: #rt::SkippedField)),
            (Some(FieldDefault::Trait), false) => where_clause
                .predicates
                .push(syn::parse_quote!(#ty: #rt::DefaultField)),
            (None, false) => {}
        }
    }
}

fn opt_bool(v: Option<bool>) -> TokenStream {
    match v {
        Some(b) => quote!(::core::option::Option::Some(#b)),
        None => quote!(::core::option::Option::None),
    }
}

// ----- enums of unit variants -----

fn enum_impls(input: &Input<'_>, rt: &TokenStream, variants: &[Variant<'_>]) -> TokenStream {
    let ident = input.ident;
    let idents: Vec<&Ident> = variants.iter().map(|v| v.ident).collect();
    let common = common_impls(
        input,
        rt,
        // pyfory writes enums without a ref id (`need_to_write_ref` false)
        (quote!(Enum), quote!(ENUM), false),
        quote!(is_enum_id),
        (
            // as a struct field, an enum writes on the struct's output
            // cursor with its plain fields (`fory_write_fixed`, which
            // cannot fail: every discriminant fits a varuint32, checked
            // at compile time below)
            quote! {
                const FORY_FIELD_PLAIN: ::core::primitive::bool = true;
                // a varuint32
                const FORY_FIELD_WIDTH: ::core::primitive::usize = 5;
            },
            quote!(),
        ),
    );
    let (impl_g, ty_g, where_c) = input.generics.split_for_impl();
    // the discriminant is written as a varuint32: one outside 0..2^32 is
    // an error at compile time, at its variant (positions from 0 always
    // fit; a unit-only enum has no type parameters to name)
    let in_range = variants
        .iter()
        .filter(|_| variants.iter().any(|v| v.original.discriminant.is_some()))
        .map(|v| {
            let vi = v.ident;
            let message = format!(
                "the discriminant of `{ident}::{vi}` is outside 0..2^32: a Fory enum writes it as a varuint32"
            );
            quote_spanned! {v.original.span()=>
                const _: () = ::core::assert!(
                    0 <= #ident::#vi as ::core::primitive::i128 && #ident::#vi as ::core::primitive::i128 <= 0xffff_ffff,
                    #message
                );
            }
        });
    let first = variants
        .iter()
        .find(|v| v.attrs.default)
        .map_or(idents[0], |v| v.ident);
    let unknown = match variants.iter().find(|v| v.attrs.default) {
        Some(v) => {
            let vi = v.ident;
            quote!(#rt::StdResult::Ok(Self::#vi))
        }
        None => {
            quote!(#rt::StdResult::Err(#rt::unknown_variant(::core::any::type_name::<Self>(), __fory_d)))
        }
    };
    quote! {
        #common
        #(#in_range)*
        impl #impl_g #rt::Serialize for #ident #ty_g #where_c {
            fn fory_write_data<'__a>(&'__a self, __fory_ctx: &mut #rt::WriteContext<'__a, '_>) -> #rt::Result<()> {
                let __fory_d: ::core::primitive::u32 = match self {
                    #(Self::#idents => Self::#idents as ::core::primitive::u32,)*
                };
                #rt::write_enum(__fory_ctx, __fory_d);
                #rt::StdResult::Ok(())
            }

            #[inline]
            fn fory_write_fixed(&self, __fory_w: &mut #rt::FixedWriter<'_, '_>) {
                let __fory_d: ::core::primitive::u32 = match self {
                    #(Self::#idents => Self::#idents as ::core::primitive::u32,)*
                };
                __fory_w.write_varuint32(__fory_d);
            }
        }
        impl #impl_g #rt::Deserialize for #ident #ty_g #where_c {
            fn fory_zero() -> #rt::Option<Self> {
                #rt::Option::Some(Self::#first)
            }

            fn fory_read_data(__fory_ctx: &mut #rt::ReadContext<'_, '_>, _type_id: ::core::primitive::u8) -> #rt::Result<Self> {
                let __fory_d = #rt::read_enum(__fory_ctx)?;
                #(if __fory_d == Self::#idents as ::core::primitive::i64 { return #rt::StdResult::Ok(Self::#idents); })*
                #unknown
            }
        }
    }
}

// ----- enums with data: unions -----

/// Each variant's case number on the wire: its Rust discriminant, as for
/// a unit enum. Without explicit discriminants that is its position, a
/// literal (and the second value is true: the cases can be patterns);
/// with them (`#[repr(u8)] enum E { A(i32) = 4, B(u8) }`), the last
/// explicit one plus the distance to it, a constant checked at compile
/// time to fit a varuint32, so that pinned cases stay put when variants
/// are added or removed.
fn union_cases(variants: &[Variant<'_>]) -> (Vec<TokenStream>, bool) {
    if variants.iter().all(|v| v.original.discriminant.is_none()) {
        let cases = (0..variants.len() as u32).map(|c| quote!(#c)).collect();
        return (cases, true);
    }
    let mut base: Option<&syn::Expr> = None;
    let mut distance = 0i128;
    let cases = variants
        .iter()
        .map(|v| {
            if let Some((_, e)) = &v.original.discriminant {
                base = Some(e);
                distance = 0;
            }
            let start = match base {
                Some(e) => quote!((#e) as ::core::primitive::i128),
                None => quote!(0i128),
            };
            let case = quote! {
                const {
                    let __fory_case: ::core::primitive::i128 = #start + #distance;
                    ::core::assert!(
                        0 <= __fory_case && __fory_case <= 0xffff_ffff,
                        "a union case (an enum variant's discriminant) must be in 0..2^32"
                    );
                    __fory_case as ::core::primitive::u32
                }
            };
            distance += 1;
            case
        })
        .collect();
    (cases, false)
}

fn union_impls(input: &Input<'_>, rt: &TokenStream, variants: &[Variant<'_>]) -> TokenStream {
    let ident = input.ident;
    let common = common_impls(
        input,
        rt,
        (quote!(Union), quote!(TYPED_UNION), true),
        quote!(is_union_id),
        (quote!(), quote!()),
    );
    let fields = all_fields(input);

    let g_ser = bounded(input.generics, &fields, quote!(#rt::Serialize));
    let (impl_g, ty_g, where_c) = g_ser.split_for_impl();
    // literal cases are patterns; computed ones, guards
    let (cases, literal) = union_cases(variants);
    // a variant's `PhantomData` and `PhantomPinned` fields are not
    // written: `A(u8, PhantomData<T>)` is written as `A(u8)` would be
    let write_arms = variants.iter().zip(&cases).map(|(v, case)| {
        let vi = v.ident;
        let binds: Vec<Ident> = (0..v.fields.len())
            .map(|i| format_ident!("__v{}", i))
            .collect();
        let pattern = pattern(v, &binds);
        let written: Vec<&Field<'_>> = v.fields.iter().filter(|f| !f.phantom).collect();
        let binds: Vec<&Ident> = v
            .fields
            .iter()
            .zip(&binds)
            .filter(|(f, _)| !f.phantom)
            .map(|(_, b)| b)
            .collect();
        let body = match written.len() {
            0 => quote!(#rt::write_union_unit(__fory_ctx); #rt::StdResult::Ok(())),
            1 => {
                let b = binds[0];
                let ops = field_ops(written[0], rt, input.generics, Use::Write);
                let at = variant_at(rt, v, Some(written[0]));
                quote!(#ops::write_value(#b, __fory_ctx).map_err(#at))
            }
            n => {
                let ops = written
                    .iter()
                    .map(|f| field_ops(f, rt, input.generics, Use::Write));
                let at = written.iter().map(|f| variant_at(rt, v, Some(f)));
                quote! {
                    let __fory_has_null = false #(|| #rt::Serialize::fory_is_none(#binds))*;
                    let __fory_w = #rt::write_union_tuple(__fory_ctx, #n, __fory_has_null)?;
                    #(#ops::write_element(#binds, &__fory_w, __fory_ctx).map_err(#at)?;)*
                    #rt::StdResult::Ok(())
                }
            }
        };
        quote! {
            Self::#vi #pattern => {
                #rt::write_union_case(__fory_ctx, #case);
                #body
            }
        }
    });
    let serialize = quote! {
        impl #impl_g #rt::Serialize for #ident #ty_g #where_c {
            fn fory_write_data<'__a>(&'__a self, __fory_ctx: &mut #rt::WriteContext<'__a, '_>) -> #rt::Result<()> {
                __fory_ctx.enter(::core::any::type_name::<Self>())?;
                let __fory_r = match self { #(#write_arms)* };
                __fory_ctx.leave();
                __fory_r
            }
        }
    };

    let g_de = bounded(input.generics, &fields, quote!(#rt::Deserialize));
    let (impl_g, ty_g, where_c) = g_de.split_for_impl();
    let read_arms = variants.iter().zip(&cases).map(|(v, case)| {
        let vi = v.ident;
        // a marker field's value, or None for one on the wire
        let phantoms: Vec<Option<TokenStream>> = v
            .fields
            .iter()
            .map(|f| f.phantom.then(|| phantom_value(f, rt)))
            .collect();
        let with_phantoms = |reads: Vec<TokenStream>| -> Vec<TokenStream> {
            let mut reads = reads.into_iter();
            phantoms
                .iter()
                .map(|p| match p {
                    Some(value) => value.clone(),
                    None => reads.next().unwrap_or_default(),
                })
                .collect()
        };
        let written: Vec<&Field<'_>> = v.fields.iter().filter(|f| !f.phantom).collect();
        let whole = variant_at(rt, v, None);
        let element = |f: &Field<'_>| variant_at(rt, v, Some(f));
        let value = match written.len() {
            // the default variant's own case may be a newer writer's
            // variant with data: its value is read and dropped
            // (`Self::B {}` makes `B`, `B()` and `B {}` alike)
            0 if v.attrs.default => quote! {{
                #rt::skip_union_value(__fory_ctx).map_err(#whole)?;
                Self::#vi {}
            }},
            0 if v.fields.is_empty() => quote! {{
                #rt::read_union_unit(__fory_ctx, ::core::any::type_name::<Self>()).map_err(#whole)?;
                Self::#vi {}
            }},
            0 => {
                let built = build(v, with_phantoms(Vec::new()));
                quote! {{
                    #rt::read_union_unit(__fory_ctx, ::core::any::type_name::<Self>()).map_err(#whole)?;
                    #built
                }}
            }
            1 => {
                let ops = field_ops(written[0], rt, input.generics, Use::Read);
                let at = variant_at(rt, v, Some(written[0]));
                build(
                    v,
                    with_phantoms(vec![quote!(#ops::read_value(__fory_ctx).map_err(#at)?)]),
                )
            }
            n => {
                let reads = written
                    .iter()
                    .map(|f| {
                        let ops = field_ops(f, rt, input.generics, Use::Read);
                        let at = element(f);
                        quote!(#ops::read_element(&mut __fory_lr, __fory_ctx).map_err(#at)?)
                    })
                    .collect();
                let built = build(v, with_phantoms(reads));
                quote! {{
                    let mut __fory_lr = #rt::read_union_tuple(__fory_ctx, #n, ::core::any::type_name::<Self>()).map_err(#whole)?;
                    #built
                }}
            }
        };
        if literal {
            quote!(#case => #value,)
        } else {
            quote!(__case if __case == #case => #value,)
        }
    });
    let default = variants.iter().find(|v| v.attrs.default).map(|v| v.ident);
    let unknown = match default {
        // the unknown case's value is read and dropped
        Some(vi) => quote! {
            _ => {
                #rt::skip_union_value(__fory_ctx)?;
                Self::#vi {}
            }
        },
        None => quote! {
            __fory_other => return #rt::StdResult::Err(#rt::unknown_variant(::core::any::type_name::<Self>(), __fory_other as ::core::primitive::i64)),
        },
    };
    let zero = match default {
        Some(vi) => quote! {
            fn fory_zero() -> #rt::Option<Self> {
                #rt::Option::Some(Self::#vi {})
            }
        },
        None => quote!(),
    };
    let deserialize = quote! {
        impl #impl_g #rt::Deserialize for #ident #ty_g #where_c {
            #zero

            fn fory_read_data(__fory_ctx: &mut #rt::ReadContext<'_, '_>, _type_id: ::core::primitive::u8) -> #rt::Result<Self> {
                __fory_ctx.enter_frame(::core::any::type_name::<Self>())?;
                let __fory_case = #rt::read_union_case(__fory_ctx)?;
                let __fory_v = match __fory_case {
                    #(#read_arms)*
                    #unknown
                };
                __fory_ctx.leave();
                #rt::StdResult::Ok(__fory_v)
            }
        }
    };
    quote! { #common #serialize #deserialize }
}

/// The closure that adds where a union's error sits to its path: the
/// variant, and the field of a variant with names or several (`V.name`,
/// `V.1`); a tuple variant's one value is the variant's.
fn variant_at(rt: &TokenStream, v: &Variant<'_>, field: Option<&Field<'_>>) -> TokenStream {
    let written = v.fields.iter().filter(|f| !f.phantom).count();
    let label = match field {
        Some(f) if v.style == Style::Named || written > 1 => {
            let member = match &f.member {
                syn::Member::Named(name) => name.unraw().to_string(),
                syn::Member::Unnamed(index) => index.index.to_string(),
            };
            format!("{}.{member}", v.ident.unraw())
        }
        _ => v.ident.unraw().to_string(),
    };
    quote!(|__e| #rt::variant_error(__e, ::core::any::type_name::<Self>(), #label))
}

fn pattern(v: &Variant<'_>, binds: &[Ident]) -> TokenStream {
    match v.style {
        Style::Unit => quote!(),
        Style::Tuple => quote!((#(#binds),*)),
        Style::Named => {
            let members = v.fields.iter().map(|f| &f.member);
            quote!({ #(#members: #binds),* })
        }
    }
}

fn build(v: &Variant<'_>, values: Vec<TokenStream>) -> TokenStream {
    let vi = v.ident;
    match v.style {
        Style::Unit => quote!(Self::#vi),
        Style::Tuple => quote!(Self::#vi(#(#values),*)),
        Style::Named => {
            let members = v.fields.iter().map(|f| &f.member);
            quote!(Self::#vi { #(#members: #values),* })
        }
    }
}

/// `path::name`, an item of a `#[fory(with = "path")]` module, spanned
/// at the attribute: a module without it is reported there.
fn with_item(path: &syn::Path, name: &str) -> TokenStream {
    let f = Ident::new(name, path.span());
    quote!(#path::#f)
}

/// A call of `path::to_wire` (on `&F`, giving `path::Wire`) or
/// `path::from_wire` (on `path::Wire`, giving `Result<F>`) of a
/// `#[fory(with = "path")]` field `F` on `arg`, through locals of those
/// types, spanned at the attribute: a function of another type is an
/// error there (the call still coerces: `to_wire(v: &str)` serves a
/// `String` field).
fn with_call(
    f: &Field<'_>,
    path: &syn::Path,
    rt: &TokenStream,
    name: &str,
    arg: TokenStream,
) -> TokenStream {
    let item = with_item(path, name);
    let wire = wire_ty(f);
    let ty = f.ty;
    let span = path.span();
    let (arg_ty, out_ty, convert) = if name == "to_wire" {
        let convert = quote_spanned! {span=>
            #rt::WireValue::<#wire>::fory_wire(#item(__fory_arg))
        };
        (quote!(&#ty), wire, convert)
    } else {
        let convert = quote_spanned!(span=> #item(__fory_arg));
        (wire, quote!(#rt::Result<#ty>), convert)
    };
    quote_spanned! {span=>
        ({
            let __fory_arg: #arg_ty = #arg;
            let __fory_out: #out_ty = #convert;
            __fory_out
        })
    }
}

#[cfg(test)]
mod tests {
    /// The expansion of a small struct, pretty-printed, must equal the
    /// snapshot in docs/ (run with `UPDATE_EXPANSION=1` to rewrite it, then
    /// review the diff).
    #[test]
    fn expansion_snapshot() {
        let input: syn::DeriveInput = syn::parse_quote! {
            struct Frame {
                id: u64,
                label: String,
                #[fory(skip)]
                cache: Vec<u8>,
                samples: Vec<f64>,
            }
        };
        let tokens = super::derive(&input);
        let file: syn::File = syn::parse2(tokens).expect("the expansion parses as Rust");
        let pretty = prettyplease::unparse(&file);
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/derive-expansion.rs");
        let header = "// What `#[derive(ForyObject)]` generates for:\n//\n//     struct Frame { id: u64, label: String, #[fory(skip)] cache: Vec<u8>, samples: Vec<f64> }\n//\n// Generated by fory-derive's `expansion_snapshot` test; do not edit.\n\n";
        let expected = format!("{header}{pretty}");
        if std::env::var_os("UPDATE_EXPANSION").is_some() {
            std::fs::write(path, &expected).unwrap();
        }
        let actual = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(
            actual, expected,
            "expansion changed: rerun with UPDATE_EXPANSION=1 and review"
        );
    }
}
