//! `#[derive(ForyObject)]` for Fory for Rust.
//!
//! The pipeline follows serde_derive and thiserror: `ast` reads the input
//! into a small model, `attr` parses `#[fory(...)]` attributes, `check`
//! validates, `expand` generates (private modules). Every problem is
//! collected as a spanned error and reported together; when the input is
//! invalid a `fallback` impl is still emitted, so the user sees the real errors and
//! not a cascade of "trait not implemented". The macro never panics, keeps
//! no global state, and reaches the runtime through one hidden path
//! (`fory_core::__private`, or `#[fory(crate = "...")]`).

#![forbid(unsafe_code)]

mod ast;
mod attr;
mod check;
mod ctxt;
mod expand;
mod fallback;
mod field_order;
mod self_ty;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Implements Fory's `ForyType`, `Serialize` and `Deserialize` for a
/// struct (named, tuple or unit) or an enum.
///
/// Structs are Fory structs; enums whose variants are all units are Fory
/// enums; enums with data are Fory unions. Register the type with
/// `Fory::register::<T>(id)` or `register_by_name` before use (or build the
/// `Fory` with `strict(false)`).
///
/// Field attributes: `#[fory(skip)]` (not written; `Default` on read;
/// `skip = false` writes a field whose type is named `PhantomData` or
/// `PhantomPinned`, which is skipped otherwise),
/// `#[fory(rename = "wire_name")]`, `#[fory(default)]` (`Default` when the
/// stream lacks the field), `#[fory(default = "path::to::function")]`
/// (the function's value instead, also for a skipped field),
/// `#[fory(nullable = bool)]`,
/// `#[fory(track_ref = bool)]`. Container attribute:
/// `#[fory(crate = "path::to::fory_core")]`.
#[proc_macro_derive(ForyObject, attributes(fory))]
pub fn derive_fory_object(input: TokenStream) -> TokenStream {
    let mut input = parse_macro_input!(input as DeriveInput);
    self_ty::name_self_in_fields(&mut input);
    expand::derive(&input).into()
}
