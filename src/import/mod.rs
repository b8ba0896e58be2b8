//! `cowsim import`: the JSON the AWS CLI prints about a fleet, in one or
//! several accounts, turned into a scenario that `cowsim run` and `cowsim
//! forecast` take as is. Every number in the scenario carries a comment
//! naming the file and field it came from; the rules used where the data is
//! silent are written at the top of the scenario and in the README ("From
//! your AWS accounts to a forecast").

mod commands;
mod error;
pub mod fleet;
mod input;
pub mod metrics;
pub mod shapes;

use std::fmt::Write;

pub use error::ImportError;
pub use input::{DIVERGED, Input, Options};

use crate::cloud::instance_classes::InstanceClass;
use crate::cloud::ops::sim::SimOp;
use crate::cloud::ops::{AwsOp, OpName};
use fleet::{Cluster, Family, Fleet};

/// What import made: the scenario's text, and what a person should know
/// of it that the scenario's comments alone would hide (`cowsim import`
/// prints these on stderr).
#[derive(Clone, Debug)]
pub struct Imported {
    pub scenario: String,
    pub notes: Vec<String>,
}

/// Reads the inputs and writes the scenario's text; the error names the
/// file and JSON path of what was wrong.
pub fn import(inputs: &[Input], options: &Options) -> Result<Imported, ImportError> {
    let fleet = fleet::build(inputs, options)?;
    if fleet.clusters.iter().all(|c| c.partial) {
        return Err(ImportError::NoCluster);
    }
    let mut writer = Writer::new(&fleet, options);
    let scenario = writer.scenario();
    Ok(Imported {
        scenario,
        notes: writer.notes,
    })
}

/// How long AWS lets a cluster stay stopped, and the wait after it starts
/// it again, before an imported stopped cluster is stopped again.
const STOPPED_DAYS: i64 = 7;
const RESTOP_MINUTES: i64 = 30;

/// A TOML string, quoted as TOML quotes it.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The alias a key gets in the scenario: from its id.
fn alias(key_arn: &str) -> String {
    let id = key_arn.rsplit('/').next().unwrap_or(key_arn);
    let short: String = id.chars().take(8).collect();
    format!("alias/imported-{short}")
}

struct Writer<'a> {
    fleet: &'a Fleet,
    options: &'a Options,
    out: String,
    /// Keys created so far: (account, alias).
    keys: Vec<(String, String)>,
    /// What stderr should say ([`Imported::notes`]).
    notes: Vec<String>,
}

impl<'a> Writer<'a> {
    fn new(fleet: &'a Fleet, options: &'a Options) -> Self {
        Writer {
            fleet,
            options,
            out: String::new(),
            keys: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn line(&mut self, text: impl AsRef<str>) {
        self.out.push_str(text.as_ref());
        self.out.push('\n');
    }

    fn step(&mut self, op: impl Into<OpName>, account: &str, fields: &[(&str, String)]) {
        self.line("");
        self.line("[[steps]]");
        self.line(format!("op = {}", quoted(op.into().name())));
        self.line(format!("account = {}", quoted(account)));
        for (name, value) in fields {
            self.line(format!("{name} = {value}"));
        }
    }

    fn scenario(&mut self) -> String {
        let fleet = self.fleet;
        self.header();
        for family in &fleet.families {
            self.family(family);
        }
        let first = fleet.clusters[fleet.families.first().map_or(0, |f| f.source)]
            .account
            .to_string();
        let stopped = self.members().filter(|c| c.stopped.is_some()).count() > 0;
        if stopped {
            self.step(SimOp::Advance, &first, &[("duration", quoted("30m"))]);
            self.stop_stopped("It was stopped");
        }
        self.workloads();
        let month = 30 * 24 * 60;
        let mut left = month;
        let cycle = STOPPED_DAYS * 24 * 60 + RESTOP_MINUTES;
        while stopped && left > cycle {
            self.step(
                SimOp::Advance,
                &first,
                &[("duration", quoted(&format!("{STOPPED_DAYS}d")))],
            );
            self.step(
                SimOp::Advance,
                &first,
                &[("duration", quoted(&format!("{RESTOP_MINUTES}m")))],
            );
            self.stop_stopped(
                "AWS started it after 7 days stopped; stopped again, as it was exported",
            );
            left -= cycle;
        }
        let duration = if left == month {
            "30d".to_string()
        } else {
            format!("{left}m")
        };
        self.step(
            SimOp::Advance,
            &first,
            &[
                ("duration", quoted(&duration)),
                ("note", quoted("The rest of a month of the workloads, for `cowsim run`; `cowsim forecast --months N` runs longer.")),
            ],
        );
        std::mem::take(&mut self.out)
    }

    /// The clusters of every family, in the fleet's order.
    fn members(&self) -> impl Iterator<Item = &'a Cluster> + use<'a> {
        let fleet = self.fleet;
        let mut members: Vec<usize> = fleet
            .families
            .iter()
            .flat_map(|f| std::iter::once(f.source).chain(f.clones.iter().copied()))
            .collect();
        members.sort_unstable();
        members.into_iter().map(move |i| &fleet.clusters[i])
    }

    /// `stop-db-cluster` for every cluster the export found stopped.
    fn stop_stopped(&mut self, why: &str) {
        let stopped: Vec<&Cluster> = self.members().filter(|c| c.stopped.is_some()).collect();
        for c in stopped {
            let from = c.stopped.as_deref().unwrap_or_default();
            self.step(
                AwsOp::StopDbCluster,
                &c.account.to_string(),
                &[
                    ("db-cluster-identifier", quoted(&c.identifier)),
                    ("note", quoted(&format!("{why} ({from})."))),
                ],
            );
        }
    }

    /// A cluster's settings as create-db-cluster (and a clone's
    /// restore) take them: its backup retention.
    fn retention(c: &Cluster) -> Option<(&'static str, String)> {
        c.retention.as_ref().map(|r| {
            (
                "backup-retention-period",
                format!("{}  # {}", r.value.days(), r.from),
            )
        })
    }

    /// Its Serverless v2 scaling, as create-db-cluster and
    /// modify-db-cluster take it.
    fn scaling(c: &Cluster) -> Option<(&'static str, String)> {
        c.serverless.as_ref().map(|s| {
            (
                "serverless-v2-scaling-configuration",
                format!(
                    "{{ min-capacity = {:?}, max-capacity = {:?} }}  # {}",
                    s.value.0, s.value.1, s.from
                ),
            )
        })
    }

    fn header(&mut self) {
        let fleet = self.fleet;
        self.line(format!(
            "# Written by `cowsim import` from {}.",
            fleet.files.join(", ")
        ));
        self.line("# How the data was read (README, \"From your AWS accounts to a forecast\"):");
        self.line(
            "# - clusters with one CloneGroupId form a family; each family's source is the oldest",
        );
        self.line(
            "#   member that is not a cross-account clone (or the one --source names), and every",
        );
        self.line(
            "#   other member is a copy-on-write clone of it (describe output doesn't say which",
        );
        self.line("#   cluster a clone was made from);");
        self.line(format!(
            "# - a clone has rewritten {} of its pages (--diverged), as uniform updates;",
            self.options.diverged
        ));
        self.line("# - sizes are the newest VolumeBytesUsed; a workload writes the mean VolumeWriteIOPs per");
        self.line(
            "#   hour (billed I/Os of 4 KiB) divided by the engine's I/Os per page (4 for a 16 KiB",
        );
        self.line(
            "#   Aurora MySQL page, 2 for an 8 KiB Aurora PostgreSQL page) as pages per hour, and",
        );
        self.line(
            "#   rate-sigma is the median log-normal sigma of the clusters' hourly write I/Os;",
        );
        self.line("# - a stopped cluster is stopped once made, and again each time AWS starts it (7 days).");
        for skipped in &fleet.skipped {
            self.line(format!("# Left out: {skipped}."));
        }
        self.line(format!("name = {}", quoted("imported fleet")));
        self.line(format!(
            "description = {}",
            quoted(&format!(
                "{} clusters in {} families across {} accounts, read from the AWS CLI's output.",
                fleet.clusters.len(),
                fleet.families.len(),
                fleet.accounts.len()
            ))
        ));
        if let Some(c) = fleet.clusters.first() {
            self.line(format!(
                "region = {}  # {}.DBClusterArn",
                quoted(&c.region),
                c.from
            ));
        }
        let mut sigmas: Vec<(f64, &Cluster)> = fleet
            .clusters
            .iter()
            .filter_map(|c| c.writes.as_ref().map(|(_, s)| (*s, c)))
            .collect();
        if !sigmas.is_empty() {
            sigmas.sort_by(|a, b| a.0.total_cmp(&b.0));
            let median = sigmas[(sigmas.len() - 1) / 2].0.clamp(0.0, 3.0);
            self.line("");
            self.line("[uncertainty]");
            self.line(format!(
                "rate-sigma = {median:.3}  # median of {}",
                sigmas
                    .iter()
                    .map(|(s, c)| format!("{}: {s:.3}", c.identifier))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        for (account, from) in &fleet.accounts {
            self.line("");
            self.line("[[accounts]]");
            self.line(format!("id = {}  # {from}", quoted(&account.to_string())));
        }
    }

    /// The key a cluster is created under, making it first if need be.
    fn key_for(&mut self, account: &str, cluster: &Cluster, admit: &[String]) -> Option<String> {
        let key = cluster.kms_key.as_ref()?;
        let alias = alias(&key.value);
        if self.keys.iter().any(|(a, k)| a == account && *k == alias) {
            return Some(alias);
        }
        self.keys.push((account.to_string(), alias.clone()));
        self.step(
            AwsOp::CreateKey,
            account,
            &[
                ("alias", quoted(&alias)),
                (
                    "note",
                    quoted(&format!("Stands for key {} ({}).", key.value, key.from)),
                ),
            ],
        );
        let id = key.value.rsplit('/').next().unwrap_or_default().to_string();
        let (policy, from) = match self.fleet.policies.get(&id) {
            Some(p) => (
                p.value.clone(),
                format!("The key's policy, from {}.", p.from),
            ),
            None if admit.is_empty() => return Some(alias),
            None => (
                generated_policy(account, admit),
                "No key policy was given: this one admits the accounts that clone with it.".into(),
            ),
        };
        self.step(
            AwsOp::PutKeyPolicy,
            account,
            &[
                ("key-id", quoted(&alias)),
                ("policy-name", quoted("default")),
                ("policy", quoted(&policy)),
                ("note", quoted(&from)),
            ],
        );
        Some(alias)
    }

    fn family(&mut self, family: &Family) {
        let fleet = self.fleet;
        let source = &fleet.clusters[family.source];
        let owner = source.account.to_string();
        let others: Vec<String> = family
            .clones
            .iter()
            .map(|&i| fleet.clusters[i].account.to_string())
            .filter(|a| *a != owner)
            .fold(Vec::new(), |mut v, a| {
                if !v.contains(&a) {
                    v.push(a);
                }
                v
            });
        self.line("");
        self.line(format!(
            "# Family {}: source {} ({}), {} clone(s).",
            family.group.as_deref().unwrap_or("(no clone group)"),
            source.identifier,
            family.why,
            family.clones.len()
        ));
        let key = self.key_for(&owner, source, &others);
        let (pages, pages_from) = self.pages(source, family);
        let mut fields = vec![
            ("db-cluster-identifier", quoted(&source.identifier)),
            (
                "engine",
                format!(
                    "{}  # {}",
                    quoted(source.engine.value.name()),
                    source.engine.from
                ),
            ),
            ("data-pages", format!("{pages}  # {pages_from}")),
        ];
        if let Some(t) = &source.storage_type {
            fields.push((
                "storage-type",
                format!("{}  # {}", quoted(t.value.name()), t.from),
            ));
        }
        fields.extend(Self::retention(source));
        fields.extend(Self::scaling(source));
        if let Some(k) = key {
            fields.push(("kms-key-id", quoted(&k)));
        } else if source.default_key {
            fields.push((
                "storage-encrypted",
                "true  # with the AWS managed key aws/rds".into(),
            ));
        }
        self.step(AwsOp::CreateDbCluster, &owner, &fields);
        self.step(SimOp::Advance, &owner, &[("duration", quoted("30m"))]);
        self.instances_and_snapshots(source);
        if source.instances.is_empty() && !family.clones.is_empty() {
            self.step(
                AwsOp::CreateDbInstance,
                &owner,
                &[
                    ("db-instance-identifier", quoted(&format!("{}-instance-1", source.identifier))),
                    ("db-cluster-identifier", quoted(&source.identifier)),
                    ("db-instance-class", quoted(InstanceClass::TYPICAL.name())),
                    ("note", quoted("No describe-db-instances output names an instance of it, and a cluster needs one to be cloned.")),
                ],
            );
        }
        self.step(SimOp::Advance, &owner, &[("duration", quoted("30m"))]);
        if !others.is_empty() {
            let name = format!("imported-{}", source.identifier);
            let principals = format!(
                "[{}]",
                others
                    .iter()
                    .map(|a| quoted(a))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            self.step(
                AwsOp::CreateResourceShare,
                &owner,
                &[
                    ("name", quoted(&name)),
                    ("resource-arns", format!("[{}]", quoted(&source.arn))),
                    ("principals", principals),
                    ("allow-external-principals", "true".into()),
                ],
            );
            for a in &others {
                self.step(
                    AwsOp::AcceptResourceShareInvitation,
                    a,
                    &[("resource-share-name", quoted(&name))],
                );
            }
        }
        for &i in &family.clones {
            self.clone_of(source, &fleet.clusters[i]);
        }
    }

    /// Pages of data: from the size, else (a source shared from an
    /// account not exported) the largest of its clones.
    fn pages(&mut self, c: &Cluster, family: &Family) -> (u64, String) {
        let page = c.engine.value.page_size().bytes() as f64;
        if let Some(b) = &c.bytes {
            return (
                (b.value / page).ceil() as u64,
                format!(
                    "VolumeBytesUsed {} / {page} bytes a page: {}",
                    b.value, b.from
                ),
            );
        }
        let largest = family
            .clones
            .iter()
            .filter_map(|&i| self.fleet.clusters[i].bytes.as_ref())
            .max_by(|a, b| a.value.total_cmp(&b.value));
        match largest {
            Some(b) => (
                (b.value / page).ceil() as u64,
                format!(
                    "no size of its own: its largest clone's VolumeBytesUsed, {}",
                    b.from
                ),
            ),
            None => {
                self.notes.push(format!(
                    "{} in {} gets size 0: {}, for it or its clones",
                    c.identifier,
                    c.account,
                    self.no_bytes_why()
                ));
                (
                    0,
                    "no VolumeBytesUsed for it or its clones: export its metrics".into(),
                )
            }
        }
    }

    fn clone_of(&mut self, source: &Cluster, clone: &Cluster) {
        let account = clone.account.to_string();
        let cross = clone.account != source.account;
        let key = self.key_for(&account, clone, &[]);
        let mut fields = vec![
            (
                "source-db-cluster-identifier",
                quoted(if cross {
                    &source.arn
                } else {
                    &source.identifier
                }),
            ),
            ("db-cluster-identifier", quoted(&clone.identifier)),
            ("restore-type", quoted("copy-on-write")),
            ("use-latest-restorable-time", "true".into()),
        ];
        if let Some(k) = key {
            fields.push(("kms-key-id", quoted(&k)));
        }
        fields.extend(Self::retention(clone));
        fields.push(("note", quoted(&format!("{}.", clone.from))));
        self.step(AwsOp::RestoreDbClusterToPointInTime, &account, &fields);
        self.step(SimOp::Advance, &account, &[("duration", quoted("30m"))]);
        if let Some(scaling) = Self::scaling(clone) {
            self.step(
                AwsOp::ModifyDbCluster,
                &account,
                &[
                    ("db-cluster-identifier", quoted(&clone.identifier)),
                    scaling,
                ],
            );
        }
        if clone.bytes.is_none() {
            self.notes.push(format!(
                "clone {} in {}: {}; it is imported with no pages of its own",
                clone.identifier,
                clone.account,
                self.no_bytes_why()
            ));
        }
        let page = clone.engine.value.page_size().bytes() as f64;
        let pages = clone.bytes.as_ref().map(|b| (b.value / page).ceil() as u64);
        let source_pages = source
            .bytes
            .as_ref()
            .map(|b| (b.value / page).ceil() as u64);
        if let Some(p) = pages {
            let from = clone
                .bytes
                .as_ref()
                .map(|b| b.from.clone())
                .unwrap_or_default();
            let rewritten =
                ((p.min(source_pages.unwrap_or(p))) as f64 * self.options.diverged).round() as u64;
            let diverged = self.options.diverged;
            let mut write = |pages: String, how: (&str, String)| {
                self.step(
                    SimOp::Write,
                    &account,
                    &[
                        ("db-cluster-identifier", quoted(&clone.identifier)),
                        ("pages", pages),
                        how,
                    ],
                );
            };
            if rewritten > 0 {
                write(
                    format!("{rewritten}  # --diverged {diverged} of {p} pages ({from})"),
                    ("distribution", quoted("uniform")),
                );
            }
            if let Some(s) = source_pages.filter(|&s| p > s) {
                write(
                    format!(
                        "{}  # its VolumeBytesUsed beyond its source's ({from})",
                        p - s
                    ),
                    ("mode", quoted("append")),
                );
            }
        }
        self.instances_and_snapshots(clone);
    }

    fn instances_and_snapshots(&mut self, c: &Cluster) {
        let account = c.account.to_string();
        for i in &c.instances {
            let class = match &i.class {
                Some(class) => match InstanceClass::parse(&class.value) {
                    Ok(known) => format!("{}  # {}", quoted(known.name()), class.from),
                    Err(why) => format!(
                        "{}  # {} says {}, which cowsim does not price: {why}",
                        quoted(InstanceClass::TYPICAL.name()),
                        class.from,
                        class.value
                    ),
                },
                None => format!(
                    "{}  # no DBInstanceClass given",
                    quoted(InstanceClass::TYPICAL.name())
                ),
            };
            self.step(
                AwsOp::CreateDbInstance,
                &account,
                &[
                    ("db-instance-identifier", quoted(&i.identifier)),
                    ("db-cluster-identifier", quoted(&c.identifier)),
                    ("db-instance-class", class),
                ],
            );
        }
        for s in &c.snapshots {
            self.step(
                AwsOp::CreateDbClusterSnapshot,
                &account,
                &[
                    ("db-cluster-snapshot-identifier", quoted(s)),
                    ("db-cluster-identifier", quoted(&c.identifier)),
                ],
            );
        }
    }

    /// Why a cluster has no size, for the notes.
    fn no_bytes_why(&self) -> &'static str {
        if self.fleet.metrics_read {
            "no VolumeBytesUsed series names it in the metrics files given"
        } else {
            "no metrics file (aws cloudwatch get-metric-data output) was given"
        }
    }

    fn workloads(&mut self) {
        let members: Vec<&Cluster> = self.members().collect();
        for c in members {
            let Some((rate, _)) = c.writes.as_ref().filter(|(r, _)| r.value > 0.0) else {
                continue;
            };
            if c.stopped.is_some() {
                continue;
            }
            let per_page = c.engine.value.page_size().write_ios_per_page();
            self.step(
                SimOp::Workload,
                &c.account.to_string(),
                &[
                    ("db-cluster-identifier", quoted(&c.identifier)),
                    (
                        "rate",
                        format!(
                            "{}  # mean write I/Os per hour / {per_page} I/Os a page, {}",
                            quoted(&format!(
                                "{} pages/h",
                                pages_per_hour(rate.value / per_page as f64)
                            )),
                            rate.from
                        ),
                    ),
                    ("distribution", quoted("uniform")),
                ],
            );
        }
    }
}

/// A rate of pages per hour as a scenario writes it: to a tenth of a page
/// when that is within 0.1% of it, else to three significant decimals more.
fn pages_per_hour(pages: f64) -> String {
    let tenth = format!("{pages:.1}");
    let close = tenth
        .parse::<f64>()
        .is_ok_and(|t| (t - pages).abs() <= pages.abs() * 1e-3);
    if close { tenth } else { format!("{pages:.4}") }
}

/// A key policy that lets the owner administer the key and the accounts
/// that clone with it use it, as the AWS guide's example does.
fn generated_policy(owner: &str, admit: &[String]) -> String {
    let principals: Vec<String> = admit
        .iter()
        .map(|a| format!("\"arn:aws:iam::{a}:root\""))
        .collect();
    let mut p = String::new();
    let _ = write!(
        p,
        r#"{{
    "Version": "2012-10-17",
    "Statement": [
        {{"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {{"AWS": "arn:aws:iam::{owner}:root"}}, "Action": "kms:*", "Resource": "*"}},
        {{"Sid": "Allow use of the key", "Effect": "Allow",
         "Principal": {{"AWS": [{}]}},
         "Action": ["kms:CreateGrant", "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
         "Resource": "*"}}
    ]
}}"#,
        principals.join(", ")
    );
    p
}
