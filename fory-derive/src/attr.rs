//! `#[fory(...)]` attributes on the container and its fields.

use syn::{Attribute, LitBool, LitStr, Path};

use crate::ctxt::Ctxt;

#[derive(Default)]
pub(crate) struct Container {
    /// `#[fory(crate = "...")]`: where the runtime lives.
    pub(crate) crate_path: Option<Path>,
}

#[derive(Default, Clone)]
pub(crate) struct Field {
    /// `Some(true)` for `#[fory(skip)]` or `#[fory(skip = true)]`;
    /// `Some(false)` for `#[fory(skip = false)]`: written even when its
    /// type is spelled `PhantomData` or `PhantomPinned` (which the derive
    /// skips otherwise).
    pub(crate) skip: Option<bool>,
    pub(crate) rename: Option<String>,
    /// `#[fory(default)]` or `#[fory(default = "path")]`.
    pub(crate) default: Option<FieldDefault>,
    pub(crate) nullable: Option<bool>,
    pub(crate) track_ref: Option<bool>,
    /// `#[fory(with = "module")]`: the field goes over the wire as
    /// `module::Wire`, converted by `module::to_wire` / `module::from_wire`.
    pub(crate) with: Option<Path>,
}

impl Field {
    /// `#[fory(skip)]`: not written, its `Default` on read.
    pub(crate) fn skips(&self) -> bool {
        self.skip == Some(true)
    }
}

/// Where a `#[fory(default)]` field's value comes from.
#[derive(Clone)]
pub(crate) enum FieldDefault {
    /// `#[fory(default)]`: `Default::default()`.
    Trait,
    /// `#[fory(default = "path")]`: `path()`, for a type without a
    /// `Default` (or another value than it).
    Function(Path),
}

/// `#[fory(...)]` on an enum variant.
#[derive(Default, Clone)]
pub(crate) struct Variant {
    /// `#[fory(default)]`: the variant a reader gives for a discriminant
    /// or case it does not know.
    pub(crate) default: bool,
}

const CONTAINER_KEYS: &str = "`crate`";
const VARIANT_KEYS: &str = "`default`";
const FIELD_KEYS: &str = "`skip`, `rename`, `default`, `nullable`, `track_ref`, `with`";

pub(crate) fn container(cx: &mut Ctxt, attrs: &[Attribute]) -> Container {
    let mut out = Container::default();
    let mut seen = Seen::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("fory")) {
        let result = attr.parse_nested_meta(|meta| {
            seen.once(cx, &meta.path, &["crate"]);
            if meta.path.is_ident("crate") {
                let s: LitStr = meta.value()?.parse()?;
                out.crate_path = Some(s.parse()?);
                Ok(())
            } else {
                Err(meta.error(format!(
                    "unknown fory container attribute `{}`; expected {CONTAINER_KEYS}",
                    path_name(&meta.path)
                )))
            }
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    out
}

pub(crate) fn variant(cx: &mut Ctxt, attrs: &[Attribute]) -> Variant {
    let mut out = Variant::default();
    let mut seen = Seen::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("fory")) {
        let result = attr.parse_nested_meta(|meta| {
            seen.once(cx, &meta.path, &["default"]);
            if meta.path.is_ident("default") {
                out.default = true;
                Ok(())
            } else {
                Err(meta.error(format!(
                    "unknown fory variant attribute `{}`; expected {VARIANT_KEYS}",
                    path_name(&meta.path)
                )))
            }
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    out
}

pub(crate) fn field(cx: &mut Ctxt, attrs: &[Attribute]) -> Field {
    let mut out = Field::default();
    let mut seen = Seen::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("fory")) {
        let result = attr.parse_nested_meta(|meta| {
            seen.once(
                cx,
                &meta.path,
                &["skip", "rename", "default", "nullable", "track_ref", "with"],
            );
            let p = &meta.path;
            if p.is_ident("skip") {
                out.skip = Some(bool_value(&meta)?);
            } else if p.is_ident("default") {
                out.default = Some(if meta.input.peek(syn::Token![=]) {
                    let s: LitStr = meta.value()?.parse()?;
                    FieldDefault::Function(s.parse()?)
                } else {
                    FieldDefault::Trait
                });
            } else if p.is_ident("rename") {
                let s: LitStr = meta.value()?.parse()?;
                if s.value().is_empty() {
                    return Err(syn::Error::new_spanned(
                        s,
                        "`rename` needs a non-empty name",
                    ));
                }
                out.rename = Some(s.value());
            } else if p.is_ident("with") {
                let s: LitStr = meta.value()?.parse()?;
                out.with = Some(s.parse()?);
            } else if p.is_ident("nullable") {
                out.nullable = Some(bool_value(&meta)?);
            } else if p.is_ident("track_ref") {
                out.track_ref = Some(bool_value(&meta)?);
            } else {
                return Err(meta.error(format!(
                    "unknown fory field attribute `{}`; expected {FIELD_KEYS}",
                    path_name(p)
                )));
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    out
}

/// The keys given so far in one item's `#[fory(...)]` attributes.
#[derive(Default)]
struct Seen(Vec<String>);

impl Seen {
    /// Records the key `path` (one of `known`; an unknown one is an error
    /// of its own), or, when it was given before (in this attribute or
    /// another on the same item), an error at this mention: the last
    /// value would otherwise silently win.
    fn once(&mut self, cx: &mut Ctxt, path: &Path, known: &[&str]) {
        let name = path_name(path);
        if !known.contains(&name.as_str()) {
            return;
        }
        if self.0.contains(&name) {
            cx.error_spanned_by(
                path,
                format!("duplicate fory attribute `{name}`: give it once"),
            );
        } else {
            self.0.push(name);
        }
    }
}

/// `key` alone means true; `key = true|false` otherwise.
fn bool_value(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<bool> {
    if meta.input.peek(syn::Token![=]) {
        let b: LitBool = meta.value()?.parse()?;
        Ok(b.value)
    } else {
        Ok(true)
    }
}

fn path_name(p: &Path) -> String {
    p.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}
