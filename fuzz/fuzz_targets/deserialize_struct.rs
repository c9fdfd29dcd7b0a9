//! `deserialize` of a derived struct graph: both modes, both struct
//! layouts (the compatible-mode TypeDef reader above all), shared and
//! cyclic pointers. The same bytes read twice on one `Fory` give the same
//! outcome: the second read takes the TypeDefs the first one kept (the
//! recent list and its one-pass reuse), which must not change what reads.
#![no_main]

use std::cell::RefCell;
use std::rc::Rc;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&config, rest)) = data.split_first() else {
        return;
    };
    let fory = common::fory(config);
    let tree = fory.deserialize::<common::Tree>(rest);
    let leaves = fory.deserialize::<Vec<common::Leaf>>(rest);
    same(&tree, &fory.deserialize(rest), same_tree);
    same(&leaves, &fory.deserialize(rest), |a, b| same_leaves(a, b));
    let _ = fory.deserialize::<Vec<common::Kind>>(rest);
    // the derive's other read forms: unrolled (generic), by position (a
    // missed guess), past 24 fields; alone and as list runs
    let forms = fory.deserialize::<common::Forms>(rest);
    same(&forms, &fory.deserialize(rest), same_forms);
    let _ = fory.deserialize::<Vec<common::Aliased>>(rest);
    let _ = fory.deserialize::<Vec<common::Wide>>(rest);
    // fixed-width fields read at once, maps of structs, tuples, chrono
    let mix = fory.deserialize::<common::Mix>(rest);
    same(&mix, &fory.deserialize(rest), |a, b| {
        format!("{a:?}") == format!("{b:?}")
    });
    let _ = fory.deserialize::<Vec<common::Numbers>>(rest);
    if let Ok(node) = fory.deserialize::<Rc<RefCell<common::Node>>>(rest) {
        // a valid stream may hold a cycle (that is what Rc<RefCell<_>> is
        // for); the caller owns it then, and breaks it
        let mut cur = Some(node);
        while let Some(n) = cur {
            cur = n.try_borrow_mut().ok().and_then(|mut b| b.next.take());
        }
    }
    let _ = fory.deserialize::<Vec<Rc<common::Leaf>>>(rest);
});

/// Asserts that two reads of one input agree: both values, equal under
/// `eq`, or both errors of one kind.
fn same<T: std::fmt::Debug>(
    a: &fory_core::Result<T>,
    b: &fory_core::Result<T>,
    eq: impl Fn(&T, &T) -> bool,
) {
    let agree = match (a, b) {
        (Ok(x), Ok(y)) => eq(x, y),
        (Err(x), Err(y)) => x.kind() == y.kind(),
        _ => false,
    };
    assert!(agree, "two reads of one input differ:\n{a:?}\n{b:?}");
}

/// `==` by `Debug` text, so that NaNs compare equal (two reads of the
/// same bytes give the same bits).
fn same_forms(a: &common::Forms, b: &common::Forms) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

/// `==`, except that a NaN weight equals a NaN with the same bits.
fn same_tree(a: &common::Tree, b: &common::Tree) -> bool {
    same_leaves(&a.leaves, &b.leaves)
        && a.index == b.index
        && a.blob == b.blob
        && a.tags == b.tags
        && match (&a.child, &b.child) {
            (Some(x), Some(y)) => same_tree(x, y),
            (None, None) => true,
            _ => false,
        }
}

fn same_leaves(a: &[common::Leaf], b: &[common::Leaf]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.id == y.id
                && x.name == y.name
                && x.flag == y.flag
                && x.labels == y.labels
                && x.weights.len() == y.weights.len()
                && x.weights
                    .iter()
                    .zip(&y.weights)
                    .all(|(p, q)| p.to_bits() == q.to_bits())
        })
}
