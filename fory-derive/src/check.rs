//! Validation of the model before generating anything.

use std::collections::HashSet;

use crate::ast::{Data, Field, Input};
use crate::ctxt::Ctxt;

pub(crate) fn check(cx: &mut Ctxt, input: &Input<'_>) {
    for lt in input.generics.lifetimes() {
        cx.error_spanned_by(
            lt,
            "ForyObject types cannot have lifetime parameters: deserialized values own their data and registered types are looked up by TypeId",
        );
    }
    match &input.data {
        Data::Struct(_, fields) => check_fields(cx, fields),
        Data::Enum(variants) => {
            if variants.is_empty() {
                cx.error_spanned_by(
                    input.ident,
                    "ForyObject cannot be derived for an enum without variants",
                );
            }
            let defaults: Vec<_> = variants.iter().filter(|v| v.attrs.default).collect();
            for extra in defaults.iter().skip(1) {
                cx.error_spanned_by(
                    extra.original,
                    format!(
                        "only one variant can be #[fory(default)]: `{}` is already the one that takes unknown values",
                        defaults[0].ident
                    ),
                );
            }
            for v in &defaults {
                if !v.fields.is_empty() {
                    cx.error_spanned_by(
                        v.original,
                        "a #[fory(default)] variant must have no fields: it stands for a variant this reader does not know, whose data it cannot keep",
                    );
                }
            }
            for v in variants {
                check_fields(cx, &v.fields);
                for f in &v.fields {
                    if f.attrs.skips()
                        || f.attrs.rename.is_some()
                        || f.attrs.default.is_some()
                        || f.attrs.with.is_some()
                    {
                        cx.error_spanned_by(
                            f.original,
                            "`skip`, `rename`, `default` and `with` are for struct fields, not enum variant fields",
                        );
                    }
                }
            }
        }
    }
}

fn check_fields(cx: &mut Ctxt, fields: &[Field<'_>]) {
    let mut seen: HashSet<&str> = HashSet::new();
    for f in fields {
        if f.phantom {
            let a = &f.attrs;
            if a.rename.is_some()
                || a.default.is_some()
                || a.nullable.is_some()
                || a.track_ref.is_some()
                || a.with.is_some()
            {
                cx.error_spanned_by(
                    f.original,
                    "a `PhantomData` or `PhantomPinned` field carries no data and is not written: it takes no `rename`, `default`, `nullable`, `track_ref` or `with`; to write it (as `()`), add `skip = false`",
                );
            }
            continue;
        }
        if f.attrs.skips()
            && (f.attrs.rename.is_some()
                || f.attrs.nullable.is_some()
                || f.attrs.track_ref.is_some())
        {
            cx.error_spanned_by(f.original, "a skipped field is not written: `skip` cannot be combined with `rename`, `nullable` or `track_ref`");
        }
        if f.attrs.skips() {
            if f.attrs.with.is_some() {
                cx.error_spanned_by(
                    f.original,
                    "a skipped field is not written: `skip` cannot be combined with `with`",
                );
            }
            continue;
        }
        if !seen.insert(&f.wire_name) {
            cx.error_spanned_by(
                f.original,
                format!("two fields are named `{}` on the wire; rename one with #[fory(rename = \"...\")]", f.wire_name),
            );
        }
    }
}
