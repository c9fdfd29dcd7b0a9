//! Read plans: how the fields of a peer's TypeDef map onto a local struct,
//! decided once per TypeDef (TypeDefs are decoded once per `Fory` and
//! cached, so a plan is made once per distinct peer layout).
//!
//! Each remote field is read into the local field of the same name (as
//! written, or in pyfory's snake_case) when the local type can read what
//! the peer declared, and skipped otherwise: a field whose type changed
//! incompatibly is treated as missing (its zero value, or
//! `#[fory(default)]`), never read as reinterpreted bytes. (A field the
//! peer records as UNKNOWN carries its own type info, checked on read.) A plan that
//! reads every local field in local order with the local decisions is
//! *direct*: the struct is then read by its straight-line derived code.

use std::any::TypeId;

use super::schema::{fingerprint_id, snake_case, Children, StructSchema, TypeNode};
use super::typedef::{RemoteType, RemoteTypeDef};
use crate::error::{Error, Result};
use crate::types::type_id as t;

/// One remote field's fate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Read remote field `remote` into local field `local`.
    Read { local: usize, remote: usize },
    /// Read remote field `remote` as a dynamic value and drop it.
    Skip { remote: usize },
}

#[derive(Debug)]
pub(crate) struct ReadPlan {
    /// The local type the plan was made for.
    pub(crate) local_type: TypeId,
    /// The remote layout is the local one.
    pub(crate) direct: bool,
    pub(crate) steps: Box<[Step]>,
}

/// The plan of `def` for the local struct `schema` (made on first use).
pub(crate) fn plan_for<'d>(
    def: &'d RemoteTypeDef,
    schema: &StructSchema,
    local_type: TypeId,
) -> Result<&'d ReadPlan> {
    let plan = def.plan.get_or_init(|| build(def, schema, local_type));
    if plan.local_type != local_type {
        // a Fory resolves a TypeDef's key to one registration, so this
        // would be a bug, not bad input; refuse rather than misread
        return Err(Error::invalid(
            "a peer TypeDef was resolved to two different local types",
        ));
    }
    Ok(plan)
}

/// The id a TypeDef records for a local type id: structs as compatible
/// structs, as the writer side encodes them.
fn as_recorded(id: u8) -> u8 {
    match id {
        t::STRUCT => t::COMPATIBLE_STRUCT,
        t::NAMED_STRUCT => t::NAMED_COMPATIBLE_STRUCT,
        other => other,
    }
}

/// Whether nested element/key/value types agree: collections in struct
/// fields may declare their element types instead of writing them, so a
/// changed element type cannot be read.
///
/// A local type without element types (a dense array such as `Vec<i64>`)
/// reads a remote collection only when that has none either: the elements
/// of a LIST may be declared by the field type, and a dense array cannot
/// tell which element encoding the peer declared.
fn children_match(local: Children, remote: &[RemoteType]) -> bool {
    let same = |l: TypeNode, r: &RemoteType| {
        fingerprint_id(l.id) == fingerprint_id(r.id) && children_match(l.children, &r.children)
    };
    match local {
        Children::Unknown => true,
        Children::None => remote.is_empty(),
        Children::Element(e) => remote.len() == 1 && same(e(), &remote[0]),
        Children::KeyValue(k, v) => {
            remote.len() == 2 && same(k(), &remote[0]) && same(v(), &remote[1])
        }
    }
}

/// Whether a local dense array field (`Vec<i64>`, INT64_ARRAY) reads the
/// peer's LIST or SET field (pyfory's `List[int]`): its elements are
/// declared by the TypeDef, not written, and a dense array reads declared
/// elements in its element type's own encoding, so only a list of exactly
/// that one (VARINT64 for `i64`) is readable; nested lists are not.
fn dense_reads_list(local_id: u8, remote: &RemoteType) -> bool {
    match (
        &remote.children[..],
        crate::serializer::number::dense_element_id(local_id),
    ) {
        ([elem], Some(own)) => {
            matches!(remote.id, t::LIST | t::SET) && elem.id == own && elem.children.is_empty()
        }
        _ => false,
    }
}

fn build(def: &RemoteTypeDef, schema: &StructSchema, local_type: TypeId) -> ReadPlan {
    let snake: Vec<String> = schema.fields.iter().map(|f| snake_case(f.name)).collect();
    let mut taken = vec![false; schema.fields.len()];
    let mut steps = Vec::with_capacity(def.fields.len());
    for (remote, rf) in def.fields.iter().enumerate() {
        let local = schema
            .fields
            .iter()
            .enumerate()
            .position(|(i, f)| !taken[i] && (f.name == &*rf.name || *snake[i] == *rf.name));
        let readable = local.is_some_and(|i| {
            let f = &schema.fields[i];
            (rf.ty.id == t::UNKNOWN || (f.accepts)(rf.ty.id))
                && (children_match(f.node.children, &rf.ty.children)
                    || dense_reads_list(f.type_id, &rf.ty))
        });
        match local {
            Some(i) if readable => {
                taken[i] = true;
                steps.push(Step::Read { local: i, remote });
            }
            _ => steps.push(Step::Skip { remote }),
        }
    }
    let direct = steps.len() == schema.order.len()
        && steps
            .iter()
            .zip(&schema.order)
            .all(|(step, &i)| match *step {
                Step::Read { local, remote } => {
                    let (f, rf) = (&schema.fields[i], &def.fields[remote]);
                    local == i
                        && as_recorded(f.type_id) == rf.ty.id
                        && f.nullable == rf.ty.nullable
                        && f.track_ref == rf.ty.track_ref
                }
                Step::Skip { .. } => false,
            });
    ReadPlan {
        local_type,
        direct,
        steps: steps.into_boxed_slice(),
    }
}
