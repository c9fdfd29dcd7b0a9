//! `#[fory(with = "module")]`: a field of a type from another crate (no
//! Fory impls, and none can be added there) goes over the wire as
//! `module::Wire`, converted by `module::to_wire` / `module::from_wire`.

use std::net::Ipv4Addr;
use std::ops::Range;

use fory_core::{Error, ErrorKind, Fory, ForyObject};

/// An optional IPv4 address as an optional `u32`.
mod opt_ipv4 {
    pub type Wire = Option<u32>;
    pub fn to_wire(v: &Option<std::net::Ipv4Addr>) -> Option<u32> {
        v.map(u32::from)
    }
    pub fn from_wire(w: Option<u32>) -> Result<Option<std::net::Ipv4Addr>, fory_core::Error> {
        Ok(w.map(std::net::Ipv4Addr::from))
    }
}

/// An IPv4 address as its `u32`.
mod ipv4_as_u32 {
    pub type Wire = u32;
    pub fn to_wire(v: &std::net::Ipv4Addr) -> u32 {
        u32::from(*v)
    }
    pub fn from_wire(w: u32) -> Result<std::net::Ipv4Addr, fory_core::Error> {
        Ok(std::net::Ipv4Addr::from(w))
    }
}

/// A range as its two ends; an inverted range is an error on read.
mod range_as_pair {
    pub type Wire = (i64, i64);
    pub fn to_wire(v: &std::ops::Range<i64>) -> (i64, i64) {
        (v.start, v.end)
    }
    pub fn from_wire(w: (i64, i64)) -> Result<std::ops::Range<i64>, fory_core::Error> {
        if w.0 > w.1 {
            return Err(fory_core::Error::new(
                fory_core::ErrorKind::InvalidData,
                format!("range {}..{} is inverted", w.0, w.1),
            ));
        }
        Ok(w.0..w.1)
    }
}

#[derive(ForyObject, Debug, Clone, PartialEq)]
struct Route {
    name: String,
    #[fory(with = "ipv4_as_u32")]
    gateway: Ipv4Addr,
    #[fory(with = "range_as_pair", default)]
    ports: Range<i64>,
    #[fory(with = "ipv4_as_u32")]
    dns: Ipv4Addr,
    #[fory(with = "opt_ipv4", default)]
    backup: Option<Ipv4Addr>,
}

fn route() -> Route {
    Route {
        name: "r1".into(),
        gateway: Ipv4Addr::new(10, 0, 0, 1),
        ports: 8000..8080,
        dns: Ipv4Addr::new(1, 1, 1, 1),
        backup: Some(Ipv4Addr::new(10, 0, 0, 2)),
    }
}

fn fory(xlang: bool, compatible: bool) -> Fory {
    let mut f = Fory::builder().xlang(xlang).compatible(compatible).build();
    f.register::<Route>(80).unwrap();
    f
}

#[test]
fn foreign_fields_round_trip_through_their_wire_type() {
    for xlang in [false, true] {
        for compatible in [false, true] {
            let f = fory(xlang, compatible);
            let bytes = f.serialize(&route()).unwrap();
            assert_eq!(f.deserialize::<Route>(&bytes).unwrap(), route());
            let many = vec![route(); 3];
            assert_eq!(
                f.deserialize::<Vec<Route>>(&f.serialize(&many).unwrap())
                    .unwrap(),
                many
            );
        }
    }
}

#[test]
fn the_wire_type_is_what_a_peer_sees() {
    // a peer struct with plain u32 / (i64, i64) fields reads the same bytes
    mod peer {
        use fory_core::ForyObject;
        #[derive(ForyObject, Debug, PartialEq)]
        pub struct Route {
            pub name: String,
            pub gateway: u32,
            pub ports: (i64, i64),
            pub dns: u32,
            pub backup: Option<u32>,
        }
    }
    let mut p = Fory::builder().compatible(true).build();
    p.register::<peer::Route>(80).unwrap();
    let back: peer::Route = p
        .deserialize(&fory(false, true).serialize(&route()).unwrap())
        .unwrap();
    assert_eq!(back.gateway, u32::from(Ipv4Addr::new(10, 0, 0, 1)));
    assert_eq!(back.ports, (8000, 8080));
    // and an inverted range from the peer is from_wire's error, with the
    // field's name in its path
    let bad = peer::Route {
        name: "x".into(),
        gateway: 1,
        ports: (9, 1),
        dns: 3,
        backup: Some(2),
    };
    let err: Error = fory(false, true)
        .deserialize::<Route>(&p.serialize(&bad).unwrap())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidData);
    assert!(err.to_string().contains("inverted"), "{err}");
    assert!(err.to_string().contains("ports"), "{err}");
}

#[test]
fn missing_with_fields_take_the_wire_types_zero_or_default() {
    // (with neither, a field whose wire type has no zero is an error that
    // suggests `default`, as for any field)
    // a writer without `ports` and `backup`
    mod old {
        use fory_core::ForyObject;
        #[derive(ForyObject, Debug)]
        pub struct Route {
            pub name: String,
            pub gateway: u32,
        }
    }
    let mut w = Fory::builder().compatible(true).build();
    w.register::<old::Route>(80).unwrap();
    let bytes = w
        .serialize(&old::Route {
            name: "o".into(),
            gateway: 7,
        })
        .unwrap();
    let back: Route = fory(false, true).deserialize(&bytes).unwrap();
    assert_eq!(back.gateway, Ipv4Addr::from(7));
    assert_eq!(back.ports, 0..0); // `default`: the field's Default
    assert_eq!(back.dns, Ipv4Addr::from(0)); // from_wire of the wire type's zero
    assert_eq!(back.backup, None); // `default`: the field's Default
}
