//! Where a property test records the failing cases it found: one file per
//! test target in the repository's `proptest-regressions/` directory,
//! committed, so that every later run (and every clone of the repository)
//! tries those cases first. Proptest's default would look for a `lib.rs` or
//! `main.rs` above the test's source, find none above `tests/`, warn, and
//! write beside the source instead. Targets without property tests leave
//! the macro unused.
#![allow(unused_macros, unused_imports)]

/// The failure persistence of the property tests of `$target`
/// (`proptest-regressions/$target.txt`).
macro_rules! regressions {
    ($target:literal) => {
        Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/proptest-regressions/",
                $target,
                ".txt"
            )),
        ))
    };
}

pub(crate) use regressions;
