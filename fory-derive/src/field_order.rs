//! What the macro knows of the wire order: the fields' names. The order
//! also depends on the fields' type ids and nullability, which only the
//! compiler knows, so the macro emits the names' ranks and the runtime's
//! `field_order` const fn sorts at compile time.

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
    fn ranks_sort_by_snake_then_name() {
        assert_eq!(name_ranks(&["b", "a", "c"]), vec![1, 0, 2]);
        // "aB" -> "a_b" sorts before "ab"
        assert_eq!(name_ranks(&["ab", "aB"]), vec![1, 0]);
    }
}
