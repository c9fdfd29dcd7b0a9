//! Compile-fail tests for `#[derive(ForyObject)]`: each case's diagnostic
//! is checked against its `.stderr` (regenerate with `TRYBUILD=overwrite`
//! and review the diff).

#[test]
fn derive_diagnostics() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
