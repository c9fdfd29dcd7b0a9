//! Read plans: how the fields of a peer's TypeDef map onto a local struct,
//! decided once per TypeDef (TypeDefs are decoded once per `Fory` and
//! cached, so a plan is made once per distinct peer layout).
//!
//! Each remote field is read into the local field of the same name (as
//! written, or the same in pyfory's snake_case: `userName` and
//! `user_name` match, whichever side wrote which) when the local type can
//! read what the peer declared, and skipped otherwise: a field whose type changed
//! incompatibly is treated as missing (its zero value, or
//! `#[fory(default)]`), never read as reinterpreted bytes. (A field the
//! peer records as UNKNOWN carries its own type info, checked on read.) A plan that
//! reads every local field in local order with the local decisions is
//! *direct*: the struct is then read by its straight-line derived code.
//! A plan whose reads keep the local order and decisions but that skips
//! remote fields between them, or lacks local fields, is *aligned*: the
//! same straight-line code reads it, with the plan's gaps
//! ([`Gap`]) consulted between fields (a peer one version ahead or behind:
//! the fields both versions have come in the same relative order, since
//! both sides sort them alike).

use std::any::TypeId;

use super::is_union_id;
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
    /// For an aligned plan, one gap per local wire position and one after
    /// the last; empty otherwise (direct plans included).
    pub(crate) gaps: Box<[Gap]>,
}

/// What an aligned read does before the local field at one wire position:
/// skip `count` remote fields from remote field `from`, then read the
/// field if the peer has it (`present`). Opaque; read by derived code
/// through [`aligned_step`](crate::object::aligned_step).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gap {
    pub(crate) from: u32,
    pub(crate) count: u32,
    pub(crate) present: bool,
}

/// The plan of `def` for the local struct `schema` (made on first use).
///
/// `fixed_offsets` is the struct's
/// [`FORY_FIXED_READ_OFFSETS`](super::UserType::FORY_FIXED_READ_OFFSETS):
/// the leading fields its derived code reads from one window of fixed
/// width, which an aligned plan must leave whole.
pub(crate) fn plan_for<'d>(
    def: &'d RemoteTypeDef,
    schema: &StructSchema,
    local_type: TypeId,
    fixed_offsets: &[usize],
) -> Result<&'d ReadPlan> {
    let plan = def
        .plan
        .get_or_init(|| build(def, schema, local_type, fixed_offsets));
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

/// Whether a peer recording a field as `remote` wrote what the local
/// field of id `local` reads by its own decisions. A union field is
/// recorded as UNION by pyfory (registered by id or by name) and in this
/// crate's xlang TypeDefs, as TYPED_UNION by its native ones and older
/// versions: its bytes (the case, then the value with its type info) are
/// the same under every union id.
fn recorded_alike(local: u8, remote: u8) -> bool {
    as_recorded(local) == remote || (is_union_id(local) && is_union_id(remote))
}

/// Whether nested element/key/value types agree: collections in struct
/// fields may declare their element types instead of writing them, so a
/// changed element type cannot be read.
///
/// A local type without element types (a dense array such as `Vec<i64>`)
/// reads a remote collection only when that has none either: the elements
/// of a LIST may be declared by the field type, and a dense array cannot
/// tell which element encoding the peer declared.
fn children_match(local: Children, remote: &[RemoteType], xlang: bool) -> bool {
    // in xlang mode a nested type is declared by its xlang id, which
    // older writers of ours did not do (their `Vec<Array1<f64>>` declared
    // NDARRAY elements, and wrote each element's type info)
    let same = |l: TypeNode, r: &RemoteType| {
        let r_id = fingerprint_id(r.id);
        (fingerprint_id(l.declared_id(xlang)) == r_id || fingerprint_id(l.id) == r_id)
            && children_match(l.children, &r.children, xlang)
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

/// Whether a local sequence of numbers other than their dense array (a
/// set, a `VecDeque`, a `Vec<Option<i32>>`) reads the peer's dense array
/// field (a `Vec<i32>`, INT32_ARRAY): its element is the array's element
/// type, `Option` or not.
fn list_reads_dense(local: Children, remote: &RemoteType) -> bool {
    match (
        local,
        crate::serializer::number::dense_element_id(remote.id),
    ) {
        (Children::Element(e), Some(elem)) => remote.children.is_empty() && e().id == elem,
        _ => false,
    }
}

fn build(
    def: &RemoteTypeDef,
    schema: &StructSchema,
    local_type: TypeId,
    fixed_offsets: &[usize],
) -> ReadPlan {
    let steps = match_fields(def, schema);
    // the local decisions for a read: the derived direct read is right
    let same = |local: usize, remote: usize| {
        let (f, rf) = (&schema.fields[local], &def.fields[remote]);
        recorded_alike(f.type_id, rf.ty.id)
            && f.nullable == rf.ty.nullable
            && f.track_ref == rf.ty.track_ref
    };
    let direct = steps.len() == schema.order.len()
        && steps
            .iter()
            .zip(&schema.order)
            .all(|(step, &i)| match *step {
                Step::Read { local, remote } => local == i && same(local, remote),
                Step::Skip { .. } => false,
            });
    let gaps = if direct {
        None
    } else {
        aligned_gaps(&steps, schema, fixed_offsets, same)
    };
    ReadPlan {
        local_type,
        direct,
        steps: steps.into_boxed_slice(),
        gaps: gaps.unwrap_or_default(),
    }
}

/// Which local field each remote field is read into, by name, in three
/// rounds over the remote fields: the local field whose name is the
/// remote one itself; then the one whose snake_case is the remote name (a
/// peer that sends pyfory's snake_case names); then the one whose
/// snake_case is the remote name's (`userName` from a Java peer, or from a
/// Rust writer's `#[fory(rename = "userName")]`, into a local
/// `user_name`). So an exact name wins over a snake_case match wherever
/// the fields stand, and a local field is read from one remote field at
/// most. A remote field matched to a local field that cannot read what
/// the peer declared is skipped (and the local field stays free).
fn match_fields(def: &RemoteTypeDef, schema: &StructSchema) -> Vec<Step> {
    let snake: Vec<String> = schema.fields.iter().map(|f| snake_case(f.name)).collect();
    let mut taken = vec![false; schema.fields.len()];
    // each remote field's local field once decided: `Some(None)` skips it
    let mut fate: Vec<Option<Option<usize>>> = vec![None; def.fields.len()];
    for round in 0..3 {
        for (remote, rf) in def.fields.iter().enumerate() {
            if fate[remote].is_some() {
                continue;
            }
            let remote_snake;
            let name: &str = match round {
                2 => {
                    remote_snake = snake_case(&rf.name);
                    &remote_snake
                }
                _ => &rf.name,
            };
            let local = (0..schema.fields.len()).find(|&i| {
                !taken[i]
                    && match round {
                        0 => schema.fields[i].name == name,
                        _ => snake[i] == name,
                    }
            });
            let Some(i) = local else { continue };
            let f = &schema.fields[i];
            let readable = (rf.ty.id == t::UNKNOWN || (f.accepts)(rf.ty.id))
                && (children_match(f.node.children, &rf.ty.children, f.xlang)
                    || dense_reads_list(f.type_id, &rf.ty)
                    || list_reads_dense(f.node.children, &rf.ty));
            fate[remote] = Some(readable.then_some(i));
            if readable {
                taken[i] = true;
            }
        }
    }
    fate.into_iter()
        .enumerate()
        .map(|(remote, fate)| match fate {
            Some(Some(local)) => Step::Read { local, remote },
            _ => Step::Skip { remote },
        })
        .collect()
}

/// The gaps of an aligned plan (see [`Gap`]), or `None` when `steps` is
/// not one: a read out of local order or with other decisions than the
/// local ones (`same`), or a skip or a missing field inside the leading
/// run of fixed-width fields (positions whose `fixed_offsets` entry is
/// not `usize::MAX`), which derived code reads from one window.
fn aligned_gaps(
    steps: &[Step],
    schema: &StructSchema,
    fixed_offsets: &[usize],
    same: impl Fn(usize, usize) -> bool,
) -> Option<Box<[Gap]>> {
    let n = schema.order.len();
    if !fixed_offsets.is_empty() && fixed_offsets.len() != schema.fields.len() {
        return None;
    }
    let mut position = vec![usize::MAX; schema.fields.len()];
    for (k, &i) in schema.order.iter().enumerate() {
        *position.get_mut(i)? = k;
    }
    let mut gaps = vec![Gap::default(); n + 1];
    // the next local position, and the first remote field not yet read
    // or skipped before one
    let (mut next, mut pending) = (0usize, 0usize);
    for step in steps {
        if let Step::Read { local, remote } = *step {
            let k = *position.get(local)?;
            if k < next || k >= n || !same(local, remote) {
                return None;
            }
            gaps[k] = Gap {
                from: u32::try_from(pending).ok()?,
                count: u32::try_from(remote - pending).ok()?,
                present: true,
            };
            next = k + 1;
            pending = remote + 1;
        }
    }
    gaps[n] = Gap {
        from: u32::try_from(pending).ok()?,
        count: u32::try_from(steps.len() - pending).ok()?,
        present: false,
    };
    let fixed_run = schema
        .order
        .iter()
        .take_while(|&&i| fixed_offsets.get(i).is_some_and(|&o| o != usize::MAX))
        .count();
    let run_whole = gaps[..fixed_run]
        .iter()
        .enumerate()
        .all(|(k, g)| g.present && (k == 0 || g.count == 0));
    run_whole.then(|| gaps.into_boxed_slice())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::FieldInfo;

    /// Four fields in wire order 0..4, the first two read from one
    /// fixed-width window.
    fn schema() -> (StructSchema, [usize; 4]) {
        let mut schema = StructSchema::new(vec![
            FieldInfo::of::<f64>("a", None, None),
            FieldInfo::of::<bool>("b", None, None),
            FieldInfo::of::<String>("c", None, None),
            FieldInfo::of::<String>("d", None, None),
        ]);
        schema.order = vec![0, 1, 2, 3];
        (schema, [0, 8, usize::MAX, usize::MAX])
    }

    fn gaps(steps: &[Step]) -> Option<Vec<(u32, u32, bool)>> {
        let (schema, fixed) = schema();
        aligned_gaps(steps, &schema, &fixed, |_, _| true)
            .map(|g| g.iter().map(|g| (g.from, g.count, g.present)).collect())
    }

    fn read(local: usize, remote: usize) -> Step {
        Step::Read { local, remote }
    }

    fn skip(remote: usize) -> Step {
        Step::Skip { remote }
    }

    #[test]
    fn skips_between_fields_and_missing_fields_make_gaps() {
        // a field skipped before the fixed run, one between the others and
        // one after the last
        let steps = [
            skip(0),
            read(0, 1),
            read(1, 2),
            read(2, 3),
            skip(4),
            read(3, 5),
            skip(6),
        ];
        assert_eq!(
            gaps(&steps),
            Some(vec![
                (0, 1, true),
                (2, 0, true),
                (3, 0, true),
                (4, 1, true),
                (6, 1, false)
            ])
        );
        // field `c` missing, two skipped at the end
        let steps = [read(0, 0), read(1, 1), read(3, 2), skip(3), skip(4)];
        assert_eq!(
            gaps(&steps),
            Some(vec![
                (0, 0, true),
                (1, 0, true),
                (0, 0, false),
                (2, 0, true),
                (3, 2, false)
            ])
        );
    }

    #[test]
    fn other_plans_are_not_aligned() {
        // a skip inside the fixed-width run
        assert_eq!(
            gaps(&[read(0, 0), skip(1), read(1, 2), read(2, 3), read(3, 4)]),
            None
        );
        // a field of the fixed-width run missing
        assert_eq!(gaps(&[read(0, 0), read(2, 1), read(3, 2)]), None);
        // out of local order
        assert_eq!(
            gaps(&[read(0, 0), read(1, 1), read(3, 2), read(2, 3)]),
            None
        );
        // other decisions than the local ones
        let (schema, fixed) = schema();
        let steps = [read(0, 0), read(1, 1), read(2, 2), read(3, 3), skip(4)];
        assert!(aligned_gaps(&steps, &schema, &fixed, |local, _| local != 2).is_none());
        // fixed offsets that do not fit the struct
        assert!(aligned_gaps(&steps, &schema, &[0, 8], |_, _| true).is_none());
    }

    /// A peer TypeDef of `schema`'s fields in its order, each recorded
    /// under the id `recorded` gives for the local one.
    fn remote_of(schema: &StructSchema, recorded: impl Fn(u8) -> u8) -> RemoteTypeDef {
        use super::super::typedef::RemoteField;
        let fields = schema
            .order
            .iter()
            .map(|&i| {
                let f = &schema.fields[i];
                let id = recorded(f.type_id);
                let mut info = f.clone();
                info.type_id = id;
                RemoteField {
                    name: f.name.into(),
                    info,
                    ty: RemoteType {
                        id,
                        nullable: f.nullable,
                        track_ref: f.track_ref,
                        children: Vec::new(),
                    },
                }
            })
            .collect();
        RemoteTypeDef {
            key: super::super::TypeKey::Id(1),
            kind: super::super::UserKind::Struct,
            fields,
            plan: std::sync::OnceLock::new(),
            label: std::sync::OnceLock::new(),
        }
    }

    /// The plan's steps for a peer whose fields are strings named
    /// `names`, in that order, read into `schema`.
    fn steps_for_names(schema: &StructSchema, names: &[&'static str]) -> Vec<Step> {
        let def = remote_of(&strings(names), |local| local);
        build(&def, schema, TypeId::of::<()>(), &[])
            .steps
            .into_vec()
    }

    fn strings(names: &[&'static str]) -> StructSchema {
        let mut schema = StructSchema::new(
            names
                .iter()
                .map(|&n| FieldInfo::of::<String>(n, None, None))
                .collect(),
        );
        schema.order = (0..names.len()).collect();
        schema
    }

    /// Names match as written, or when their snake_case is the same,
    /// whichever side wrote which spelling.
    #[test]
    fn names_match_in_either_spelling() {
        let schema = strings(&["user_name", "account_id", "is_active"]);
        // camelCase from the peer (Java, or a Rust `rename`)
        assert_eq!(
            steps_for_names(&schema, &["userName", "accountID", "isActive"]),
            [read(0, 0), read(1, 1), read(2, 2)]
        );
        // snake_case from the peer into a local camelCase name
        let schema = strings(&["userName", "accountID"]);
        assert_eq!(
            steps_for_names(&schema, &["user_name", "account_id"]),
            [read(0, 0), read(1, 1)]
        );
        // a name that is no spelling of a local one is skipped
        assert_eq!(
            steps_for_names(&schema, &["userNames", "account"]),
            [skip(0), skip(1)]
        );
    }

    /// An exact name wins over a snake_case match, whatever the order of
    /// the fields, and no local field is read twice.
    #[test]
    fn an_exact_name_wins_and_a_field_is_matched_once() {
        // local `userName` first: the remote `user_name` still reads into
        // `user_name`, and the remote `userName` into `userName`
        let schema = strings(&["userName", "user_name"]);
        assert_eq!(
            steps_for_names(&schema, &["user_name", "userName"]),
            [read(1, 0), read(0, 1)]
        );
        // two remote spellings of one local field: the exact one reads
        // into it wherever it comes, the other is skipped
        let schema = strings(&["user_name"]);
        assert_eq!(
            steps_for_names(&schema, &["userName", "user_name"]),
            [skip(0), read(0, 1)]
        );
        assert_eq!(
            steps_for_names(&schema, &["user_name", "userName"]),
            [read(0, 0), skip(1)]
        );
    }

    /// A union field's type is recorded as UNION by pyfory (registered by
    /// id or by name), TYPED_UNION by this crate's native mode and older
    /// versions: each reads, by the derived direct code.
    #[test]
    fn a_union_field_reads_directly_under_every_union_id() {
        // a derived union field (TYPED_UNION), and `Result` (UNION)
        let mut shape = FieldInfo::of::<std::result::Result<f64, String>>("shape", None, None);
        shape.type_id = t::TYPED_UNION;
        shape.node.id = t::TYPED_UNION;
        shape.accepts = crate::object::is_union_id;
        let mut schema = StructSchema::new(vec![
            FieldInfo::of::<i32>("n", None, None),
            shape,
            FieldInfo::of::<std::result::Result<i32, String>>("outcome", None, None),
        ]);
        schema.order = vec![0, 1, 2];
        for id in [t::UNION, t::TYPED_UNION, t::NAMED_UNION] {
            let def = remote_of(&schema, |local| {
                if crate::object::is_union_id(local) {
                    id
                } else {
                    local
                }
            });
            let plan = build(&def, &schema, TypeId::of::<()>(), &[]);
            assert_eq!(
                &plan.steps[..],
                &[read(0, 0), read(1, 1), read(2, 2)],
                "recorded as {id}"
            );
            assert!(plan.direct, "recorded as {id}");
        }
        // an enum or a struct recorded where the union was is not read
        for id in [t::ENUM, t::COMPATIBLE_STRUCT] {
            let def = remote_of(&schema, |local| {
                if crate::object::is_union_id(local) {
                    id
                } else {
                    local
                }
            });
            let plan = build(&def, &schema, TypeId::of::<()>(), &[]);
            assert_eq!(&plan.steps[..], &[read(0, 0), skip(1), skip(2)]);
        }
    }
}
