//! Compile-fail tests for `#[derive(ForyObject)]` (and, in
//! `unused_must_use.rs`, the API's `#[must_use]` markers): each case's
//! diagnostic is checked against its `.stderr` (regenerate with
//! `TRYBUILD=overwrite` and review the diff).

#[test]
fn derive_diagnostics() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    // and code that must compile and run: derives on macro-generated
    // structs whose fields are named like the expansion's locals
    t.pass("tests/ui-pass/*.rs");
}
