//! The conformance tests read `../shared` (or `$CI_MODEL_SHARED`); without
//! it they pass as skipped, and the test harness swallows their `SKIPPED`
//! line. This test makes that visible: it fails when the material is
//! missing, unless `CI_MODEL_SKIP_SHARED=1` says running without it is meant
//! (which `CI=true` overrides: CI must run the conformance suite).

// The test fails by panicking with what to do.
#![allow(clippy::panic)]

use ci_tests::{SHARED_PARTS, SKIP_SHARED, in_ci, shared_base, skipping_shared};

#[test]
fn shared_material_is_present() {
    let base = shared_base();
    let missing: Vec<String> =
        SHARED_PARTS.iter().map(|p| base.join(p)).filter(|p| !p.is_dir()).map(|p| p.display().to_string()).collect();
    if missing.is_empty() {
        return;
    }
    let missing = missing.join(", ");
    if skipping_shared() {
        eprintln!("SKIPPED: missing {missing}; {SKIP_SHARED}=1, so the conformance tests pass as skipped");
        return;
    }
    let fix = match std::env::var_os("CI_MODEL_SHARED") {
        Some(_) => format!("point CI_MODEL_SHARED (now {}) at the shared folder", base.display()),
        None => format!(
            "put the shared folder at {} (beside the checkout), or set CI_MODEL_SHARED to where it is",
            base.display()
        ),
    };
    if in_ci() {
        panic!(
            "the shared conformance material is missing ({missing}), and CI=true, so the conformance tests \
             (corpus, schemas, action bindings) fail too ({SKIP_SHARED} does not apply in CI): {fix}"
        );
    }
    panic!(
        "the shared conformance material is missing ({missing}): the conformance tests (corpus, schemas, action \
         bindings) have nothing to check and pass as skipped. To run them, {fix}; to run the other tests without \
         them, set {SKIP_SHARED}=1 (`{SKIP_SHARED}=1 cargo test --workspace`)"
    );
}
