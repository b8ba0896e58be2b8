//! Bad scenarios are refused before anything runs, with file, line, column,
//! a caret, and what was expected.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use cowsim::scenario::{Diagnostic, Scenario};

const HEAD: &str = "name = \"t\"\n[[accounts]]\nid = \"111111111111\"\nname = \"owner\"\n";

fn refuse(body: &str) -> Diagnostic {
    let text = format!("{HEAD}{body}");
    Scenario::parse("t.toml", &text).expect_err("should be refused")
}

/// The line (1-based) of the first occurrence of `needle` in the scenario.
fn line_of(body: &str, needle: &str) -> usize {
    let text = format!("{HEAD}{body}");
    text[..text.find(needle).expect("needle")]
        .matches('\n')
        .count()
        + 1
}

#[test]
fn syntax_errors_point_at_the_spot() {
    let body = "[[steps]]\nop = \"advance\"\nduration = \"1h\n";
    let d = refuse(body);
    assert!(d.message.contains("not valid TOML"), "{d}");
    assert_eq!(d.line, line_of(body, "duration"));
}

#[test]
fn unknown_ops_get_the_closest_name() {
    let body = "[[steps]]\nop = \"create-db-clustr\"\n";
    let d = refuse(body);
    assert!(d.message.contains("unknown op `create-db-clustr`"), "{d}");
    assert_eq!(d.help.as_deref(), Some("did you mean `create-db-cluster`?"));
    assert_eq!((d.line, d.column), (line_of(body, "op ="), 6));
}

#[test]
fn misspelled_fields_get_the_closest_name() {
    let body = "[[steps]]\nop = \"create-db-cluster\"\ndb-cluster-identifer = \"prod\"\nengine = \"aurora-mysql\"\n";
    let d = refuse(body);
    assert!(
        d.message.contains("unknown field `db-cluster-identifer`"),
        "{d}"
    );
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean `db-cluster-identifier`?")
    );
    assert_eq!(
        (d.line, d.column, d.width),
        (line_of(body, "db-cluster-identifer"), 1, 20)
    );
    let shown = d.to_string();
    assert!(
        shown.contains("--> t.toml:") && shown.contains("^^^^^^^^^^^^^^^^^^^^ did you mean"),
        "{shown}"
    );
}

#[test]
fn a_field_far_from_every_name_lists_each_name_once() {
    let body = "[[steps]]\nop = \"expect\"\ncluster = \"prod\"\nlogical-gib = 5\n";
    let d = refuse(body);
    assert!(d.message.contains("unknown field `logical-gib`"), "{d}");
    let help = d.help.expect("a list of the fields");
    let names: Vec<&str> = help
        .trim_start_matches("expected one of: ")
        .split(", ")
        .collect();
    assert!(names.contains(&"logical-pages"), "{help}");
    assert!(!names.contains(&"logical_pages"), "{help}");
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "{help}");
}

/// Top-level keys go before the first table.
fn refuse_top(line: &str) -> Diagnostic {
    Scenario::parse("t.toml", &format!("{line}{HEAD}")).expect_err("should be refused")
}

#[test]
fn unknown_top_level_fields_are_refused() {
    let d = refuse_top("sede = 3\n");
    assert_eq!(d.help.as_deref(), Some("did you mean `seed`?"));
}

#[test]
fn wrong_types_say_what_was_expected() {
    let body = "[[steps]]\nop = \"create-db-cluster\"\ndb-cluster-identifier = \"prod\"\nengine = \"aurora-mysql\"\ndata-gib = \"lots\"\n";
    let d = refuse(body);
    assert!(
        d.message
            .contains("`data-gib` is the string \"lots\": expected a number"),
        "{d}"
    );
    assert_eq!(d.line, line_of(body, "data-gib"));
    let d = refuse("[[steps]]\nop = \"describe-db-clusters\"\ninclude-shared = \"yes\"\n");
    assert!(d.message.contains("expected true or false"), "{d}");
}

#[test]
fn bad_values_are_refused() {
    let d = refuse("[[steps]]\nop = \"advance\"\nduration = \"7 days\"\n");
    assert!(d.message.contains("is not a duration"), "{d}");
    let d = refuse(
        "[[steps]]\nop = \"create-db-cluster\"\ndb-cluster-identifier = \"p\"\nengine = \"oracle\"\n",
    );
    assert!(
        d.message
            .contains("expected aurora-mysql or aurora-postgresql"),
        "{d}"
    );
    let d =
        refuse("[[steps]]\nop = \"workload\"\ndb-cluster-identifier = \"p\"\nrate = \"fast\"\n");
    assert!(d.message.contains("is not a rate"), "{d}");
    let d = refuse("[billing]\npolicy = \"cheapest\"\n");
    assert!(d.message.contains("unknown billing policy"), "{d}");
    let d = refuse("[latency]\nrestore-gib-per-second = 0\n");
    assert!(d.message.contains("restore-gib-per-second"), "{d}");
    let d = refuse_top("start = \"yesterday\"\n");
    assert!(d.message.contains("RFC 3339"), "{d}");
}

#[test]
fn malformed_arns_are_refused_unless_the_step_expects_the_error() {
    let step = "[[steps]]\nop = \"restore-db-cluster-to-point-in-time\"\nsource-db-cluster-identifier = \"arn:aws:rds:us-east-1:1234:cluster:prod\"\ndb-cluster-identifier = \"c\"\n";
    let d = refuse(step);
    assert!(d.message.contains("12 digits"), "{d}");
    let text = format!("{HEAD}{step}expect-error = \"InvalidParameterValue\"\n");
    Scenario::parse("t.toml", &text).expect("a step may test the service's own answer");
}

#[test]
fn undeclared_accounts_are_refused() {
    let body = "[[steps]]\nop = \"kms-create-key\"\naccount = \"222222222222\"\n";
    let d = refuse(body);
    assert!(d.message.contains("not a declared account"), "{d}");
    let d = refuse(
        "[[steps]]\nop = \"create-resource-share\"\nname = \"s\"\nprincipals = [\"vendr\"]\n",
    );
    assert!(
        d.message.contains("`vendr` is not a declared account"),
        "{d}"
    );
    let named = "[[steps]]\nop = \"kms-create-key\"\naccount = \"owner\"\n";
    Scenario::parse("t.toml", &format!("{HEAD}{named}")).expect("accounts may be named");
}

#[test]
fn expectations_name_real_fields() {
    let d = refuse("[[steps]]\nop = \"expect\"\ncluster = \"prod\"\nlogical-page = 3\n");
    assert_eq!(d.help.as_deref(), Some("did you mean `logical-pages`?"));
    let d = refuse("[[steps]]\nop = \"expect\"\ncluster = \"prod\"\n");
    assert!(d.message.contains("checks at least one field"), "{d}");
    let d = refuse(
        "[[steps]]\nop = \"expect\"\ncluster = \"prod\"\nowned-pages = { value = 3, tolrance = 1 }\n",
    );
    assert_eq!(d.help.as_deref(), Some("did you mean `tolerance`?"));
}

#[test]
fn hostile_files_get_clear_errors() {
    let deep = format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let d = refuse(&deep);
    assert!(d.message.contains("nested more than"), "{d}");

    let huge =
        "[[steps]]\nop = \"write\"\ndb-cluster-identifier = \"p\"\npages = 1152921504606846976\n";
    let d = refuse(huge);
    assert!(d.message.contains("more than the largest volume"), "{d}");
    let scattered = "[[steps]]\nop = \"write\"\ndb-cluster-identifier = \"p\"\ngib = 100000\n";
    let d = refuse(scattered);
    assert!(d.message.contains("scattered pages in one write"), "{d}");
    let ranges = "[[steps]]\nop = \"write\"\ndb-cluster-identifier = \"p\"\npage-ranges = [[0, 1152921504606846976]]\n";
    let d = refuse(ranges);
    assert!(d.message.contains("past the largest volume"), "{d}");

    let many = "[[steps]]\nop = \"advance\"\nduration = \"1s\"\n".repeat(100_001);
    let d = refuse(&many);
    assert!(d.message.contains("at most 100000"), "{d}");

    let long = format!("description = \"{}\"\n", "x".repeat(17 << 20));
    let d = refuse_top(&long);
    assert!(d.message.contains("at most"), "{d}");
}

#[test]
fn a_scenario_needs_a_name_but_no_accounts() {
    let d = Scenario::parse("t.toml", "[[accounts]]\nid = \"111111111111\"\n").unwrap_err();
    assert!(d.message.contains("missing `name`"), "{d}");
    let s = Scenario::parse(
        "t.toml",
        "name = \"x\"\n[[steps]]\nop = \"kms-create-key\"\naccount = \"default\"\n",
    )
    .expect("[[accounts]] is optional");
    assert_eq!(s.accounts.len(), 1);
    assert_eq!(s.accounts[0].id.to_string(), "000000000000");
    assert_eq!(s.accounts[0].name.as_deref(), Some("default"));
    assert_eq!(s.steps[0].account, s.accounts[0].id);
}

#[test]
fn an_empty_file_says_it_is_empty() {
    for text in ["", "\n  \n"] {
        let d = Scenario::parse("t.toml", text).unwrap_err();
        assert!(d.message.contains("the file is empty"), "{d}");
    }
}

#[test]
fn bytes_that_are_not_utf8_are_placed() {
    let mut bytes = b"name = \"x\"\n# caf".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b"\n");
    let d = Scenario::parse_bytes("t.toml", &bytes).unwrap_err();
    assert!(d.message.contains("not UTF-8"), "{d}");
    assert!(d.message.contains("0xE9"), "{d}");
    assert_eq!((d.line, d.column), (2, 6), "{d}");
}

#[test]
fn expected_error_codes_are_checked_when_read() {
    let body = "[[steps]]\nop = \"delete-db-cluster\"\ndb-cluster-identifier = \"p\"\nskip-final-snapshot = true\nexpect-error = \"DBClusterNotFound\"\n";
    let d = refuse(body);
    assert!(d.message.contains("no operation returns"), "{d}");
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean `DBClusterNotFoundFault`?")
    );
    assert_eq!(d.line, line_of(body, "expect-error"));
    let fixed = body.replace("DBClusterNotFound\"", "DBClusterNotFoundFault\"");
    Scenario::parse("t.toml", &format!("{HEAD}{fixed}")).expect("a real code");
}

#[test]
fn a_century_is_the_longest_duration() {
    let advance = |d: &str| format!("[[steps]]\nop = \"advance\"\nduration = \"{d}\"\n");
    Scenario::parse("t.toml", &format!("{HEAD}{}", advance("36525d"))).expect("a century");
    for too_long in ["36526d", "36525d1s", "99999999999999999999d"] {
        let d = refuse(&advance(too_long));
        assert!(d.message.contains("longer than a century"), "{d}");
        assert!(d.message.contains("36525d"), "{d}");
    }
    let d = refuse(&advance("7 days"));
    assert!(d.message.contains("not a duration"), "{d}");
    let until = "[[steps]]\nop = \"workload\"\ndb-cluster-identifier = \"p\"\nrate = \"1GiB/day\"\nuntil = \"40000d\"\n";
    assert!(refuse(until).message.contains("longer than a century"));
}

#[test]
fn expectations_take_either_spelling_of_a_field() {
    let step = |fields: &str| format!("[[steps]]\nop = \"expect\"\ncluster = \"prod\"\n{fields}");
    for fields in ["owned_pages = 3\n", "owned-pages = 3\n"] {
        let s = Scenario::parse("t.toml", &format!("{HEAD}{}", step(fields))).expect(fields);
        let cowsim::scenario::steps::Action::Expect(e) = &s.steps[0].action else {
            panic!("an expect step")
        };
        assert_eq!(e.checks[0].field, "owned_pages");
    }
    let d = refuse(&step("owned-pages = 3\nowned_pages = 3\n"));
    assert!(d.message.contains("given twice"), "{d}");
    let d = refuse(&step("owned_pagez = 3\n"));
    assert_eq!(d.help.as_deref(), Some("did you mean `owned_pages`?"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 256,
        failure_persistence: common::regressions::regressions!("scenario_errors"),
        ..Default::default()
    })]

    /// Whatever bytes are changed in a valid scenario, reading it gives a
    /// scenario or a diagnostic, never a panic; and a diagnostic points
    /// inside the file.
    #[test]
    fn mangled_scenarios_never_panic(edits in proptest::collection::vec((0usize..20_000, proptest::prelude::any::<u8>()), 1..8)) {
        let mut bytes = cowsim::scenario::DEMO.as_bytes().to_vec();
        for (at, byte) in edits {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        let text = String::from_utf8_lossy(&bytes);
        if let Err(d) = Scenario::parse_bytes("mangled.toml", &bytes) {
            proptest::prop_assert!(d.line >= 1 && d.line <= text.lines().count().max(1) + 1, "{d}");
        }
    }
}

/// A workload's rate and an `advance` are each bounded, and so is their
/// product, as the file is read: 10 million pages an hour for a century
/// would take days to run. 10,000,000 × 24 × 5 = 1.2e9 draws in five days
/// passes the bound of 1e9, and the workload's step is named; four days,
/// 9.6e8 draws, is under it.
#[test]
fn a_workload_that_would_run_for_days_is_refused_at_its_step() {
    let body = |days: u32| {
        format!(
            "[[steps]]\nop = \"create-db-cluster\"\ndb-cluster-identifier = \"db\"\nengine = \"aurora-postgresql\"\ndata-gib = 1\n\
             [[steps]]\nop = \"workload\"\ndb-cluster-identifier = \"db\"\nrate = \"10000000pages/h\"\n\
             [[steps]]\nop = \"advance\"\nduration = \"{days}d\"\n"
        )
    };
    let five = body(5);
    let d = refuse(&five);
    assert!(d.message.contains("step 1 (workload)"), "{d}");
    assert!(d.message.contains("1.200e9 random pages"), "{d}");
    assert_eq!(d.line, line_of(&five, "op = \"workload\"") - 1);
    assert!(Scenario::parse("t.toml", &format!("{HEAD}{}", body(4))).is_ok());
    let century = body(36_525).replace("pages/h\"", "pages/h\"\nuntil = \"2d\"");
    if let Err(d) = Scenario::parse("t.toml", &format!("{HEAD}{century}")) {
        panic!("a workload's `until` bounds it: {d}");
    }
    let sequential = body(36_525).replace("pages/h\"", "pages/h\"\ndistribution = \"sequential\"");
    assert!(
        Scenario::parse("t.toml", &format!("{HEAD}{sequential}")).is_ok(),
        "sequential updates write ranges, and are cheap"
    );
}

/// Every step takes its tags as a table or as the API's list of `Key`
/// and `Value`, and the two read the same.
#[test]
fn tags_read_the_same_as_a_table_or_a_list() {
    let actions = |tags: &str| {
        let steps = [
            "op = \"create-db-cluster\"\ndb-cluster-identifier = \"c\"\nengine = \"aurora-mysql\"",
            "op = \"kms-create-key\"",
            "op = \"create-resource-share\"\nname = \"s\"",
        ];
        let body: String = steps
            .iter()
            .map(|s| format!("[[steps]]\n{s}\ntags = {tags}\n"))
            .collect();
        let parsed =
            Scenario::parse("t.toml", &format!("{HEAD}{body}")).expect("tags of either form");
        parsed
            .steps
            .into_iter()
            .map(|s| format!("{:?}", s.action))
            .collect::<Vec<_>>()
    };
    let table = actions("{ env = \"prod\", team = \"db\" }");
    let list = actions("[{ Key = \"env\", Value = \"prod\" }, { Key = \"team\", Value = \"db\" }]");
    assert_eq!(table, list);
    assert!(
        table
            .iter()
            .all(|a| a.contains("team") && a.contains("prod")),
        "{table:?}"
    );
    let d = refuse("[[steps]]\nop = \"kms-create-key\"\ntags = \"team\"\n");
    assert!(d.message.contains("Key = "), "{d}");
}
