//! The scenario file (README, "Scenario files"): TOML read with positions, checked
//! completely before anything runs.

use std::collections::BTreeSet;

use toml::de::{DeTable, DeValue};

use super::diag::{Diagnostic, closest};
use super::fields::{Accounts, Fields, Source};
use super::steps::{Step, parse_action};
use crate::billing::Pricing;
use crate::cloud::instance_classes::InstanceClass;
use crate::cloud::{AccountId, AwsError};
use crate::engine::BillingPolicy;
use crate::latency::LatencyModel;
use crate::time::SimTime;

/// Largest scenario file read (a larger one is refused, not parsed).
pub const MAX_FILE_BYTES: usize = 16 << 20;

/// Most steps a scenario may have.
pub const MAX_STEPS: usize = 100_000;

/// Deepest nesting of arrays and tables accepted.
const MAX_DEPTH: usize = 32;

/// The account of a scenario that declares none in `[[accounts]]` or
/// `[[organizations]]`: the id the AWS endpoint emulators also use for a
/// caller they can't place.
pub const DEFAULT_ACCOUNT: AccountId = AccountId::ZERO;

/// The name of [`DEFAULT_ACCOUNT`].
pub const DEFAULT_ACCOUNT_NAME: &str = "default";

/// An organization of the scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct OrganizationDecl {
    pub id: String,
    pub management: AccountId,
    pub accounts: Vec<AccountId>,
}

/// An account of the scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountDecl {
    pub id: AccountId,
    pub name: Option<String>,
}

/// What `cowsim forecast` varies between runs besides the seed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Uncertainty {
    /// Each workload's rate is multiplied, per run, by a log-normal factor
    /// with mean 1 and this sigma (`exp(sigma × N(0,1) − sigma²/2)`).
    pub rate_sigma: f64,
}

/// A parsed scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub seed: u64,
    pub start: SimTime,
    pub region: String,
    pub pricing: Pricing,
    pub latency: LatencyModel,
    pub policy: BillingPolicy,
    pub uncertainty: Uncertainty,
    pub organizations: Vec<OrganizationDecl>,
    pub accounts: Vec<AccountDecl>,
    pub steps: Vec<Step>,
}

const TOP: &[&str] = &[
    "name",
    "description",
    "seed",
    "start",
    "region",
    "pricing",
    "latency",
    "billing",
    "uncertainty",
    "organizations",
    "accounts",
    "steps",
];

struct Declared<'a>(&'a [AccountDecl]);

impl Accounts for Declared<'_> {
    fn resolve(&self, reference: &str) -> Option<AccountId> {
        self.0
            .iter()
            .find(|a| a.id.to_string() == reference || a.name.as_deref() == Some(reference))
            .map(|a| a.id)
    }
}

impl Scenario {
    /// Parses and checks a scenario file's bytes: refuses bytes that are
    /// not UTF-8 at the first invalid one, then parses as [`Scenario::parse`].
    pub fn parse_bytes(file: &str, bytes: &[u8]) -> Result<Scenario, Diagnostic> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Scenario::parse(file, text),
            Err(e) => {
                let at = e.valid_up_to();
                let text = String::from_utf8_lossy(bytes);
                Err(Diagnostic::at(
                    file,
                    &text,
                    at..at,
                    format!(
                        "the file is not UTF-8: byte 0x{:02X} at offset {at} is not valid UTF-8",
                        bytes[at]
                    ),
                ))
            }
        }
    }

    /// Parses and checks a scenario; `file` names it in diagnostics.
    pub fn parse(file: &str, text: &str) -> Result<Scenario, Diagnostic> {
        let src = Source { file, text };
        if text.trim().is_empty() {
            return Err(src.error(
                0..0,
                "the file is empty: a scenario has at least a `name` and its [[steps]]",
            ));
        }
        if text.len() > MAX_FILE_BYTES {
            return Err(src.error(
                0..0,
                format!(
                    "the file is {} bytes: at most {MAX_FILE_BYTES} are read",
                    text.len()
                ),
            ));
        }
        check_depth(src)?;
        let doc = DeTable::parse(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            src.error(span, format!("not valid TOML: {}", e.message().trim()))
        })?;
        let mut top = Fields::new(src, "scenario", doc.span(), doc.get_ref());
        top.finish(TOP)?;
        let name = top.required_string("name")?.0;
        let description = top
            .string("description")?
            .map(|(d, _)| d)
            .unwrap_or_default();
        let seed = top.count("seed")?.map_or(0, |(s, _)| s);
        let start = match top.string("start")? {
            Some((s, span)) => {
                SimTime::parse_rfc3339(&s).map_err(|e| top.error(span, e.to_string()))?
            }
            None => SimTime::DEFAULT_START,
        };
        let region = top
            .string("region")?
            .map_or_else(|| "us-east-1".to_string(), |(r, _)| r);
        let pricing = pricing(&mut top)?;
        let latency = latency(&mut top)?;
        let policy = policy(&mut top)?;
        let uncertainty = uncertainty(&mut top)?;
        let mut accounts = account_decls(&mut top)?;
        let organizations = organization_decls(&mut top, &mut accounts)?;
        if accounts.is_empty() {
            accounts.push(AccountDecl {
                id: DEFAULT_ACCOUNT,
                name: Some(DEFAULT_ACCOUNT_NAME.to_string()),
            });
        }
        let (steps, spans) = steps(&mut top, &accounts)?;
        if let Some(over) = super::workload_budget::over_budget(&steps, start, None, 1.0) {
            return Err(top.error(spans[over.step].clone(), over.message()));
        }
        if let Some(index) = super::start_check::start_never_stopped(&steps) {
            return Err(top.error(
                spans[index].clone(),
                format!("step {index} (start-db-cluster): no earlier step stops this cluster, and AWS starts only a stopped cluster (InvalidDBClusterStateFault in every run); stop it first with `stop-db-cluster`, or give the step `expect-error = \"InvalidDBClusterStateFault\"`"),
            ));
        }
        Ok(Scenario {
            name,
            description,
            seed,
            start,
            region,
            pricing,
            latency,
            policy,
            uncertainty,
            organizations,
            accounts,
            steps,
        })
    }
}

/// Refuses nesting deeper than `MAX_DEPTH` before the parser sees it, so a
/// hostile file can't exhaust the stack.
fn check_depth(src: Source<'_>) -> Result<(), Diagnostic> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut comment = false;
    let bytes = src.text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if comment {
            comment = b != b'\n';
        } else if let Some(q) = quote {
            if b == b'\\' && q == b'"' {
                i += 1;
            } else if b == q {
                quote = None;
            }
        } else {
            match b {
                b'#' => comment = true,
                b'"' | b'\'' => quote = Some(b),
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(src.error(
                            i..i + 1,
                            format!("nested more than {MAX_DEPTH} levels deep"),
                        ));
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        i += 1;
    }
    Ok(())
}

fn sub_table<'a, 'i>(
    top: &mut Fields<'a, 'i>,
    key: &str,
) -> Result<Option<Fields<'a, 'i>>, Diagnostic> {
    let Some(raw) = top.raw(key) else {
        return Ok(None);
    };
    match raw.get_ref() {
        DeValue::Table(t) => Ok(Some(Fields::new(
            top.src(),
            format!("[{key}]"),
            raw.span(),
            t,
        ))),
        _ => Err(top.error(raw.span(), format!("`{key}` must be a table: [{key}]"))),
    }
}

fn pricing(top: &mut Fields<'_, '_>) -> Result<Pricing, Diagnostic> {
    let mut p = Pricing::default();
    if let Some(mut t) = sub_table(top, "pricing")? {
        let mut names: Vec<&str> = p.fields_mut().iter().map(|(n, _)| *n).collect();
        names.push("instances");
        t.finish(&names)?;
        for (name, slot) in p.fields_mut() {
            if let Some((v, span)) = t.number(name)? {
                if !(v >= 0.0 && v.is_finite()) {
                    return Err(t.error(span, format!("`{name}` = {v}: expected a price >= 0")));
                }
                *slot = v;
            }
        }
        if let Some(mut classes) = sub_table(&mut t, "instances")? {
            classes.set_what("[pricing.instances]".into());
            for (name, span) in classes.keys() {
                let class = InstanceClass::parse(name)
                    .map_err(|e| classes.error(span.clone(), e.to_string()))?;
                if class.is_serverless() {
                    return Err(classes.error(
                        span,
                        "db.serverless is priced per ACU-hour: set `acu-hour` and `iopt-acu-hour` in [pricing]",
                    ));
                }
                if let Some((v, span)) = classes.number(name)? {
                    if !(v >= 0.0 && v.is_finite()) {
                        return Err(classes.error(
                            span,
                            format!("`{name}` = {v}: expected a price per instance-hour >= 0"),
                        ));
                    }
                    p.instances.insert(class, v);
                }
            }
        }
    }
    Ok(p)
}

fn latency(top: &mut Fields<'_, '_>) -> Result<LatencyModel, Diagnostic> {
    let mut m = LatencyModel::default();
    if let Some(mut t) = sub_table(top, "latency")? {
        let span = t.span();
        let names: Vec<&str> = m.fields_mut().iter().map(|(n, _)| *n).collect();
        t.finish(&names)?;
        for (name, slot) in m.fields_mut() {
            if let Some((v, _)) = t.number(name)? {
                *slot = v;
            }
        }
        m.validate().map_err(|e| t.error(span, e.to_string()))?;
    }
    Ok(m)
}

fn policy(top: &mut Fields<'_, '_>) -> Result<BillingPolicy, Diagnostic> {
    let mut policy = BillingPolicy::Aurora;
    if let Some(mut t) = sub_table(top, "billing")? {
        t.finish(&["policy"])?;
        if let Some((v, span)) = t.string("policy")? {
            policy = v
                .parse::<BillingPolicy>()
                .map_err(|e| t.error(span, e.to_string()))?;
        }
    }
    Ok(policy)
}

fn uncertainty(top: &mut Fields<'_, '_>) -> Result<Uncertainty, Diagnostic> {
    let mut u = Uncertainty::default();
    if let Some(mut t) = sub_table(top, "uncertainty")? {
        t.finish(&["rate-sigma"])?;
        if let Some((v, span)) = t.number("rate-sigma")? {
            if !(0.0..=3.0).contains(&v) {
                return Err(t.error(span, format!("`rate-sigma` = {v}: expected 0 to 3")));
            }
            u.rate_sigma = v;
        }
    }
    Ok(u)
}

/// The tables of an array of tables, each with its span.
fn tables<'a, 'i>(top: &mut Fields<'a, 'i>, key: &str) -> Result<Vec<Fields<'a, 'i>>, Diagnostic> {
    let Some(raw) = top.raw(key) else {
        return Ok(Vec::new());
    };
    let DeValue::Array(items) = raw.get_ref() else {
        return Err(top.error(
            raw.span(),
            format!("`{key}` must be an array of tables: [[{key}]]"),
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item.get_ref() {
            DeValue::Table(t) => Ok(Fields::new(
                top.src(),
                format!("{key}[{i}]"),
                item.span(),
                t,
            )),
            _ => Err(top.error(
                item.span(),
                format!("`{key}` must be an array of tables: [[{key}]]"),
            )),
        })
        .collect()
}

fn account_id(
    f: &Fields<'_, '_>,
    (s, span): (String, std::ops::Range<usize>),
) -> Result<AccountId, Diagnostic> {
    s.parse::<AccountId>()
        .map_err(|e| f.error(span, e.to_string()))
}

fn account_decls(top: &mut Fields<'_, '_>) -> Result<Vec<AccountDecl>, Diagnostic> {
    let mut out: Vec<AccountDecl> = Vec::new();
    for mut t in tables(top, "accounts")? {
        t.finish(&["id", "name"])?;
        let id = t.required_string("id")?;
        let id = account_id(&t, id)?;
        let name = t.string("name")?;
        if out.iter().any(|a| a.id == id) {
            return Err(t.error(t.span(), format!("account {id} is declared twice")));
        }
        if let Some((n, span)) = &name
            && (n.parse::<AccountId>().is_ok() || out.iter().any(|a| a.name.as_ref() == Some(n)))
        {
            return Err(t.error(
                span.clone(),
                format!("account name {n:?} is taken or looks like an account id"),
            ));
        }
        out.push(AccountDecl {
            id,
            name: name.map(|(n, _)| n),
        });
    }
    Ok(out)
}

fn organization_decls(
    top: &mut Fields<'_, '_>,
    accounts: &mut Vec<AccountDecl>,
) -> Result<Vec<OrganizationDecl>, Diagnostic> {
    let mut out = Vec::new();
    let mut members_seen: BTreeSet<AccountId> = BTreeSet::new();
    for mut t in tables(top, "organizations")? {
        t.finish(&["id", "accounts", "management-account"])?;
        let id = t.required_string("id")?.0;
        let management = t.required_string("management-account")?;
        let management = account_id(&t, management)?;
        let mut members = Vec::new();
        for v in t.strings("accounts")?.unwrap_or_default() {
            members.push(account_id(&t, v)?);
        }
        if !members.contains(&management) {
            members.insert(0, management);
        }
        for &m in &members {
            if !members_seen.insert(m) {
                return Err(t.error(t.span(), format!("account {m} is in two organizations")));
            }
            if !accounts.iter().any(|a| a.id == m) {
                accounts.push(AccountDecl { id: m, name: None });
            }
        }
        out.push(OrganizationDecl {
            id,
            management,
            accounts: members,
        });
    }
    Ok(out)
}

/// The steps, each with the span of its table.
fn steps(
    top: &mut Fields<'_, '_>,
    accounts: &[AccountDecl],
) -> Result<(Vec<Step>, Vec<std::ops::Range<usize>>), Diagnostic> {
    let tables = tables(top, "steps")?;
    if tables.len() > MAX_STEPS {
        return Err(top.error(
            top.span(),
            format!("{} steps: at most {MAX_STEPS}", tables.len()),
        ));
    }
    let lines = Lines::of(top.src().text);
    let spans = tables.iter().map(|f| f.span()).collect();
    let steps = tables
        .into_iter()
        .enumerate()
        .map(|(index, f)| {
            let line = lines.line_at(f.span().start);
            step(f, index, line, accounts, false)
        })
        .collect::<Result<_, _>>()?;
    Ok((steps, spans))
}

/// Where each line of a file starts, so that every step's line is found
/// by a binary search: counting newlines from the top for each step made
/// reading a file of n steps take time in n².
struct Lines(Vec<usize>);

impl Lines {
    fn of(text: &str) -> Self {
        Lines(text.match_indices('\n').map(|(at, _)| at).collect())
    }

    /// The 1-based line of the byte at `offset`.
    fn line_at(&self, offset: usize) -> usize {
        self.0.partition_point(|&newline| newline < offset) + 1
    }
}

/// One step's table, checked and typed, as the step of `index`. With
/// `service_judges`, ARNs are left for the service to judge, as they are
/// for a step that expects an error: a server answers a malformed one with
/// the service's own error.
fn step(
    mut f: Fields<'_, '_>,
    index: usize,
    line: usize,
    accounts: &[AccountDecl],
    service_judges: bool,
) -> Result<Step, Diagnostic> {
    let declared = Declared(accounts);
    let op = f.required_string("op")?;
    f.set_what(format!("step {index} ({})", op.0));
    let account = match f.string("account")? {
            Some((a, span)) => declared
                .resolve(&a)
                .ok_or_else(|| f.error(span, format!("`{a}` is not a declared account (an id of [[accounts]] or [[organizations]], or an account's name)")))?,
            None => accounts[0].id,
        };
    let expect_error = match f.string("expect-error")? {
        Some((code, span)) => Some(error_code(&f, code, span)?),
        None => None,
    };
    let note = f.string("note")?.map(|(n, _)| n);
    let lenient = service_judges || expect_error.is_some();
    let action = parse_action(&op, &mut f, &declared, lenient)?;
    if op.0 == "expect" && expect_error.is_some() {
        return Err(f.error(f.span(), "an expect step can't carry `expect-error`"));
    }
    Ok(Step {
        index,
        line,
        op: action.op(),
        account,
        expect_error,
        note,
        action,
    })
}

impl Scenario {
    /// Parses one account's declaration (`id = "…"`, as a table of
    /// `[[accounts]]`).
    pub fn parse_account(file: &str, text: &str) -> Result<AccountId, Diagnostic> {
        let src = Source { file, text };
        let doc = DeTable::parse(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            src.error(span, format!("not valid TOML: {}", e.message().trim()))
        })?;
        let mut f = Fields::new(src, "account", doc.span(), doc.get_ref());
        f.finish(&["id", "name"])?;
        let id = f.required_string("id")?;
        account_id(&f, id)
    }

    /// Parses one step, a TOML table of its keys (`op`, `account`, the
    /// operation's parameters), as the step of `index` of a scenario that
    /// declares `accounts`: how a server reads a call it was sent in the
    /// scenario's own terms, so that its log replays as a scenario. ARNs
    /// are left for the service to judge.
    pub fn parse_step(
        file: &str,
        text: &str,
        accounts: &[AccountDecl],
        index: usize,
    ) -> Result<Step, Diagnostic> {
        let src = Source { file, text };
        if text.len() > MAX_FILE_BYTES {
            return Err(src.error(0..0, format!("the step is {} bytes: too long", text.len())));
        }
        check_depth(src)?;
        let doc = DeTable::parse(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            src.error(span, format!("not valid TOML: {}", e.message().trim()))
        })?;
        let f = Fields::new(src, format!("step {index}"), doc.span(), doc.get_ref());
        let line = Lines::of(text).line_at(f.span().start);
        step(f, index, line, accounts, true)
    }
}

/// An `expect-error` code, refused when no operation can return it: a
/// typo would otherwise only show when the step runs.
fn error_code(
    f: &Fields<'_, '_>,
    code: String,
    span: std::ops::Range<usize>,
) -> Result<String, Diagnostic> {
    if AwsError::CODES.contains(&code.as_str()) {
        return Ok(code);
    }
    let d = f.error(
        span,
        format!("`expect-error` = {code:?}: no operation returns that error code"),
    );
    // A code missing its `Fault` or `Exception` suffix is too many edits
    // away for `closest`, but still the likeliest meaning.
    let lower = code.to_lowercase();
    let extended = || {
        AwsError::CODES
            .iter()
            .copied()
            .find(|c| !lower.is_empty() && c.to_lowercase().starts_with(&lower))
    };
    Err(
        match closest(&code, AwsError::CODES.iter().copied()).or_else(extended) {
            Some(c) => d.help(format!("did you mean `{c}`?")),
            None => d.help(format!("the codes are: {}", AwsError::CODES.join(", "))),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::Lines;

    #[test]
    fn a_byte_s_line_counts_the_newlines_before_it() {
        let text = "a\nbc\n\nd";
        let lines = Lines::of(text);
        for offset in 0..=text.len() {
            assert_eq!(
                lines.line_at(offset),
                text[..offset].matches('\n').count() + 1,
                "offset {offset}"
            );
        }
    }
}
