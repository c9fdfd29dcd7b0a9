//! What the macro knows of the wire order: the fields' names. The order
//! also depends on the fields' type ids and nullability, which only the
//! compiler knows, so the macro emits the names' ranks and the runtime's
//! `field_order` const fn sorts at compile time. The macro also guesses
//! the order from the fields' syntax ([`guess_order`]), so that it can
//! emit reads in that order, used when the guess is right.

use syn::{GenericArgument, PathArguments, Type};

/// pyfory's snake_case of a field name, the key fields are sorted and
/// matched by. Must agree with `fory_core::object::snake_case` (the
/// derive does not depend on the runtime crate; fory-tests checks that
/// both orders agree).
pub(crate) fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        if c.is_uppercase() {
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let after_lower_or_digit = prev.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit());
            let after_upper = prev.is_some_and(char::is_uppercase);
            if !out.is_empty()
                && !out.ends_with('_')
                && (after_lower_or_digit || (after_upper && next_lower))
            {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// Each name's rank among `names` by `(snake_case(name), name)`.
pub(crate) fn name_ranks(names: &[&str]) -> Vec<u32> {
    let keys: Vec<(String, &str)> = names.iter().map(|n| (snake_case(n), *n)).collect();
    let mut sorted: Vec<usize> = (0..names.len()).collect();
    sorted.sort_by(|a, b| keys[*a].cmp(&keys[*b]));
    let mut ranks = vec![0u32; names.len()];
    for (rank, i) in sorted.into_iter().enumerate() {
        ranks[i] = rank as u32;
    }
    ranks
}

/// `ty` without the parentheses or invisible groups (from `macro_rules!`
/// fragments) around it.
fn bare(mut ty: &Type) -> &Type {
    while let Type::Paren(syn::TypeParen { elem, .. }) | Type::Group(syn::TypeGroup { elem, .. }) =
        ty
    {
        ty = elem;
    }
    ty
}

/// What a field's type says of its place in the wire order, as far as
/// its syntax tells: a number or `bool` type the macro recognises (type
/// id, size in bytes, varint), else `None`.
fn primitive(ty: &Type) -> Option<(u8, i32, bool)> {
    let Type::Path(path) = bare(ty) else {
        return None;
    };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last()?;
    if !last.arguments.is_none() {
        return None;
    }
    // the runtime's type ids (`fory_core::types::type_id`)
    Some(match last.ident.to_string().as_str() {
        "bool" => (1, 1, false),
        "i8" => (2, 1, false),
        "i16" => (3, 2, false),
        "i32" => (5, 4, true),
        "i64" | "isize" => (7, 8, true),
        "u8" => (9, 1, false),
        "u16" => (10, 2, false),
        "u32" => (12, 4, true),
        "u64" | "usize" => (14, 8, true),
        "f16" => (17, 2, false),
        "f32" => (19, 4, false),
        "f64" => (20, 8, false),
        _ => return None,
    })
}

/// `Option<T>`'s `T`, by syntax.
fn option_of(ty: &Type) -> Option<&Type> {
    match bare(ty) {
        Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last()?;
            let PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            match (last.ident == "Option", args.args.len(), args.args.first()) {
                (true, 1, Some(GenericArgument::Type(t))) => Some(t),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether a field of type `ty` (naming a type parameter) has a type id
/// that is never a number's, whatever the parameter: a list, map or set
/// (or an `Option` of one), which the guessed order puts with the rest
/// as the compiler's does.
pub(crate) fn in_a_collection(ty: &Type) -> bool {
    if let Some(inner) = option_of(ty) {
        return in_a_collection(inner);
    }
    match bare(ty) {
        Type::Path(path) => path.path.segments.last().is_some_and(|last| {
            matches!(
                last.ident.to_string().as_str(),
                "Vec" | "SmallVec" | "VecDeque" | "HashMap" | "BTreeMap" | "HashSet" | "BTreeSet"
            )
        }),
        _ => false,
    }
}

/// The wire order the fields' syntax suggests (indices in declaration
/// order): the order the runtime's `field_order` computes from type ids
/// and nullability, for the types the macro recognises. `fields` holds
/// each field's wire type (`None` when the macro cannot see it, as for
/// a `#[fory(with)]` field) and its `nullable` attribute; `ranks` the
/// names' ranks ([`name_ranks`]).
///
/// A guess: a type alias of a number, or a wrapper the runtime reads as
/// one, looks like anything else here. The generated code compares it
/// with the compiler's order in a constant and reads in the guessed
/// order only when they agree.
pub(crate) fn guess_order(fields: &[(Option<&Type>, Option<bool>)], ranks: &[u32]) -> Vec<usize> {
    // (group, varint, -size, id, rank), as the runtime's `FieldKey`
    let keys: Vec<(u8, bool, i32, u8, u32)> = fields
        .iter()
        .zip(ranks)
        .map(|((ty, nullable_attr), &rank)| {
            let (inner, option) = match ty.and_then(option_of) {
                Some(inner) => (Some(inner), true),
                None => (*ty, false),
            };
            match inner.and_then(primitive) {
                Some((id, size, varint)) => {
                    let group = if nullable_attr.unwrap_or(option) {
                        1
                    } else {
                        0
                    };
                    (group, varint, -size, id, rank)
                }
                None => (2, false, 0, 0, rank),
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..fields.len()).collect();
    order.sort_by_key(|&i| keys[i]);
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_like_pyfory() {
        assert_eq!(snake_case("userName"), "user_name");
        assert_eq!(snake_case("HTTPServer"), "http_server");
        assert_eq!(snake_case("already_snake"), "already_snake");
        assert_eq!(snake_case("v2Value"), "v2_value");
        assert_eq!(snake_case("trailing_"), "trailing");
    }

    #[test]
    fn the_guess_sorts_as_the_runtime_does() {
        let tys: Vec<Type> = [
            "String",
            "i32",
            "Option<i64>",
            "std::primitive::f64",
            "bool",
            "Vec<u8>",
            "u64",
            "Count",
        ]
        .iter()
        .map(|t| syn::parse_str(t).unwrap())
        .collect();
        let fields: Vec<(Option<&Type>, Option<bool>)> =
            tys.iter().map(|t| (Some(t), None)).collect();
        let ranks: Vec<u32> = (0..8).collect();
        // fixed-width numbers by size, then varints by size, then the
        // nullable ones, then the rest (an unknown name too) by name
        assert_eq!(guess_order(&fields, &ranks), vec![3, 4, 6, 1, 2, 0, 5, 7]);
        // the `nullable` attribute moves a number between the groups; a
        // field the macro cannot see goes with the rest; varints of one
        // size by type id (`i64` before `u64`)
        let mut fields = fields;
        fields[1].1 = Some(true);
        fields[2].1 = Some(false);
        fields[3].0 = None;
        assert_eq!(guess_order(&fields, &ranks), vec![4, 2, 6, 1, 0, 3, 5, 7]);
    }

    #[test]
    fn collections_are_known_by_name() {
        let ty = |t: &str| -> Type { syn::parse_str(t).unwrap() };
        for t in [
            "Vec<T>",
            "VecDeque<T>",
            "SmallVec<[T; 4]>",
            "smallvec::SmallVec<[T; 2]>",
            "Option<SmallVec<[T; 8]>>",
            "HashMap<String, T>",
        ] {
            assert!(in_a_collection(&ty(t)), "{t}");
        }
        for t in ["T", "Option<T>", "Box<T>", "[T; 4]"] {
            assert!(!in_a_collection(&ty(t)), "{t}");
        }
    }

    #[test]
    fn ranks_sort_by_snake_then_name() {
        assert_eq!(name_ranks(&["b", "a", "c"]), vec![1, 0, 2]);
        // "aB" -> "a_b" sorts before "ab"
        assert_eq!(name_ranks(&["ab", "aB"]), vec![1, 0]);
    }
}
