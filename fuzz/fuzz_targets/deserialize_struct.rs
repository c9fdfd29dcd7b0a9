//! `deserialize` of a derived struct graph: both modes, both struct
//! layouts (the compatible-mode TypeDef reader above all), shared and
//! cyclic pointers.
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
    let _ = fory.deserialize::<common::Tree>(rest);
    let _ = fory.deserialize::<Vec<common::Leaf>>(rest);
    let _ = fory.deserialize::<Vec<common::Kind>>(rest);
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
