//! The report as text a person can follow: a line per step, then tables of
//! clusters, accounts and families. Colour only when asked (a terminal).

use comfy_table::{Cell, CellAlignment, LineStyle, Table, TableStyle};

use crate::cloud::ops::Response;
use crate::cloud::ops::rds::DbCluster;
use crate::engine::GIB;
use crate::report::field::FieldValue;
use crate::report::{Report, StepRecord, StepResult};
use crate::time::SimTime;

/// ANSI colours, or none.
#[derive(Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn good(self, s: &str) -> String {
        self.paint("32", s)
    }
    fn bad(self, s: &str) -> String {
        self.paint("31;1", s)
    }
    fn dim(self, s: &str) -> String {
        self.paint("2", s)
    }
}

/// One line (plus its note) for a step.
pub fn step_line(r: &StepRecord, style: Style) -> String {
    let mut out = String::new();
    if let Some(note) = &r.note {
        out.push_str(&style.dim(&format!("      # {note}\n")));
    }
    let at = short_time(r.at);
    let outcome = match (&r.error, r.as_expected) {
        (None, true) => style.good("ok"),
        (Some(e), true) => style.good(&format!("{} (as expected)", e.code)),
        (Some(e), false) => style.bad(&e.code),
        (None, false) => style.bad("FAILED"),
    };
    let detail = match (&r.surprise, &r.error) {
        (Some(s), _) => style.bad(s),
        (None, Some(e)) => e.message.clone(),
        (None, None) => r.result.as_ref().map(summary).unwrap_or_default(),
    };
    out.push_str(&format!(
        "{:>4}  {at}  {}  {:<38} {outcome}  {detail}",
        r.index, r.account, r.op
    ));
    out.trim_end().to_string()
}

/// A few words about a step's result.
pub fn summary(result: &StepResult) -> String {
    match result {
        StepResult::Aws(r) => aws_summary(r),
        StepResult::Write(w) if w.distinct_pages != w.pages_written => format!(
            "{} pages written ({} distinct)",
            w.pages_written, w.distinct_pages
        ),
        StepResult::Write(w) => format!("{} pages written", w.pages_written),
        StepResult::Workload(w) => format!("workload on {}", w.workload),
        StepResult::Advance(c) => format!("clock {}", short_time(c.clock)),
        StepResult::Expect(e) => {
            let seen: Vec<String> = e
                .checked
                .iter()
                .map(|c| {
                    let found = readable(&c.found);
                    if c.held {
                        format!("{} = {found}", c.field)
                    } else {
                        format!(
                            "{} = {found}, not {} (not enforced: --no-expect)",
                            c.field, c.expected
                        )
                    }
                })
                .collect();
            format!("checked {}", seen.join(", "))
        }
    }
}

/// A few words about an AWS call's response.
fn aws_summary(response: &Response) -> String {
    let cluster = |c: &DbCluster| format!("{} {}", c.identifier, c.status);
    let until = |at: Option<SimTime>| at.map(|t| format!("until {}", short_time(t)));
    let parts: Vec<String> = match response {
        Response::CreateDbCluster(r)
        | Response::ModifyDbCluster(r)
        | Response::DeleteDbCluster(r)
        | Response::StopDbCluster(r)
        | Response::StartDbCluster(r)
        | Response::FailoverDbCluster(r)
        | Response::RestoreDbClusterFromSnapshot(r) => {
            [Some(cluster(&r.cluster)), until(r.sim.available_at)]
                .into_iter()
                .flatten()
                .collect()
        }
        Response::RestoreDbClusterToPointInTime(r) => vec![
            cluster(&r.cluster),
            r.sim.restore_type_applied.to_string(),
            format!("until {}", short_time(r.sim.available_at)),
        ],
        Response::CreateDbInstance(r)
        | Response::ModifyDbInstance(r)
        | Response::RebootDbInstance(r)
        | Response::DeleteDbInstance(r) => [
            Some(format!(
                "instance {} {} {}",
                r.instance.identifier, r.instance.class, r.instance.status
            )),
            until(r.sim.available_at),
        ]
        .into_iter()
        .flatten()
        .collect(),
        Response::DescribeDbClusters(r) => vec![format!("{} cluster(s)", r.clusters.len())],
        Response::DescribeDbInstances(r) => vec![format!("{} instance(s)", r.instances.len())],
        Response::DescribeDbEngineVersions(r) => {
            vec![format!("{} engine version(s)", r.versions.len())]
        }
        Response::AddTagsToResource(_) => vec!["tagged".into()],
        Response::RemoveTagsFromResource(_) => vec!["untagged".into()],
        Response::ListTagsForResource(r) => vec![format!("{} tag(s)", r.tags.0.len())],
        Response::CreateDbClusterSnapshot(r)
        | Response::CopyDbClusterSnapshot(r)
        | Response::DeleteDbClusterSnapshot(r) => [
            Some(format!(
                "snapshot {} {}",
                r.snapshot.identifier, r.snapshot.status
            )),
            until(r.sim.available_at),
        ]
        .into_iter()
        .flatten()
        .collect(),
        Response::DescribeDbClusterSnapshots(r) => {
            vec![format!("{} snapshot(s)", r.snapshots.len())]
        }
        Response::ModifyDbClusterSnapshotAttribute(r)
        | Response::DescribeDbClusterSnapshotAttributes(r) => r
            .result
            .attributes
            .iter()
            .map(|a| format!("{}: {}", a.name, a.values.join(", ")))
            .collect(),
        Response::CreateAlias(_)
        | Response::GetKeyPolicy(_)
        | Response::DeleteAlias(_)
        | Response::UpdateAlias(_)
        | Response::EnableKey(_)
        | Response::DisableKey(_)
        | Response::EnableKeyRotation(_)
        | Response::DisableKeyRotation(_)
        | Response::RevokeGrant(_)
        | Response::RetireGrant(_)
        | Response::UpdateKeyDescription(_)
        | Response::TagKey(_)
        | Response::UntagKey(_) => Vec::new(),
        Response::ListAliases(r) => vec![format!("{} alias(es)", r.aliases.len())],
        Response::ListKeys(r) => vec![format!("{} key(s)", r.keys.len())],
        Response::ScheduleKeyDeletion(r) => {
            vec![format!(
                "{} until {}",
                r.key_state,
                short_time(r.deletion_date)
            )]
        }
        Response::CancelKeyDeletion(_) => vec!["Disabled".to_string()],
        Response::GetKeyRotationStatus(r) => vec![format!(
            "rotation {}",
            if r.key_rotation_enabled { "on" } else { "off" }
        )],
        Response::CreateGrant(r) => vec![format!("grant {}", &r.grant_id[..8])],
        Response::ListGrants(r) => vec![format!("{} grant(s)", r.grants.len())],
        Response::ListKeyTags(r) => vec![format!("{} tag(s)", r.tags.len())],
        Response::CreateKey(r) | Response::PutKeyPolicy(r) | Response::DescribeKey(r) => {
            vec![format!(
                "key {}",
                r.key.alias.as_deref().unwrap_or(&r.key.key_id)
            )]
        }
        Response::EnableSharingWithAwsOrganization(_) | Response::DeleteResourceShare(_) => {
            Vec::new()
        }
        Response::CreateResourceShare(r)
        | Response::AssociateResourceShare(r)
        | Response::DisassociateResourceShare(r) => r
            .sim
            .invitations
            .iter()
            .map(|sent| match sent.len() {
                0 => "no invitation needed".to_string(),
                n => format!("{n} invitation(s) sent"),
            })
            .collect(),
        Response::GetResourceShareInvitations(r) => vec![format!(
            "{} invitation(s)",
            r.resource_share_invitations.len()
        )],
        Response::AcceptResourceShareInvitation(r) | Response::RejectResourceShareInvitation(r) => {
            vec![format!("invitation {}", r.resource_share_invitation.status)]
        }
        Response::ListPrincipals(r) => vec![format!("{} principal(s)", r.principals.len())],
        Response::GetResourceShares(r) => vec![format!("{} share(s)", r.resource_shares.len())],
        Response::GetResourceShareAssociations(r) => vec![format!(
            "{} association(s)",
            r.resource_share_associations.len()
        )],
        Response::ListResources(r) => vec![format!("{} resource(s)", r.resources.len())],
        Response::UpdateResourceShare(r) => vec![format!("share {}", r.resource_share.name)],
        Response::TagShare(_) | Response::UntagShare(_) => Vec::new(),
        Response::ListPermissions(r) => vec![format!("{} permission(s)", r.permissions.len())],
        Response::ListResourceTypes(r) => {
            vec![format!("{} resource type(s)", r.resource_types.len())]
        }
        Response::CreateDbClusterParameterGroup(r) | Response::CopyDbClusterParameterGroup(r) => {
            vec![format!("cluster parameter group {}", r.group.name)]
        }
        Response::CreateDbParameterGroup(r) | Response::CopyDbParameterGroup(r) => {
            vec![format!("parameter group {}", r.group.name)]
        }
        Response::DescribeDbClusterParameterGroups(r) => {
            vec![format!("{} cluster parameter group(s)", r.groups.len())]
        }
        Response::DescribeDbParameterGroups(r) => {
            vec![format!("{} parameter group(s)", r.groups.len())]
        }
        Response::DescribeDbClusterParameters(r) | Response::DescribeDbParameters(r) => {
            vec![format!("{} parameter(s)", r.parameters.len())]
        }
        Response::DescribeEngineDefaultClusterParameters(r)
        | Response::DescribeEngineDefaultParameters(r) => vec![format!(
            "{} parameter(s) of {}",
            r.defaults.parameters.len(),
            r.defaults.family
        )],
        Response::ModifyDbClusterParameterGroup(r) | Response::ResetDbClusterParameterGroup(r) => {
            vec![r.name.clone()]
        }
        Response::ModifyDbParameterGroup(r) | Response::ResetDbParameterGroup(r) => {
            vec![r.name.clone()]
        }
        Response::CreateDbSubnetGroup(r) | Response::ModifyDbSubnetGroup(r) => vec![format!(
            "subnet group {} of {} subnet(s)",
            r.group.name,
            r.group.subnets.len()
        )],
        Response::DescribeDbSubnetGroups(r) => {
            vec![format!("{} subnet group(s)", r.groups.len())]
        }
        Response::DeleteDbClusterParameterGroup(_)
        | Response::DeleteDbParameterGroup(_)
        | Response::DeleteDbSubnetGroup(_) => Vec::new(),
    };
    parts.join(", ")
}

/// A time as the log shows it: `2026-01-01 00:05:00`.
pub fn short_time(t: SimTime) -> String {
    t.to_string()
        .replace('T', " ")
        .trim_end_matches('Z')
        .to_string()
}

/// An amount to two decimals; one too small to show as such reads
/// `< 0.01` rather than a misleading `0.00`.
pub fn two_decimals(x: f64) -> String {
    if x > 0.0 && x < 0.005 {
        "< 0.01".to_string()
    } else {
        format!("{x:.2}")
    }
}

fn gib(bytes: f64) -> String {
    two_decimals(bytes / GIB as f64)
}

fn usd(x: f64) -> String {
    two_decimals(x)
}

/// Pages, whole or to two decimals (an equal split gives fractions).
pub fn pages(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        two_decimals(x)
    }
}

/// Rules above and below a table and under its header, none between rows.
const RULED: TableStyle = TableStyle::new()
    .top_border(LineStyle::none().fill('─').junction('─'))
    .header_separator(LineStyle::none().fill('─').junction('─'))
    .bottom_border(LineStyle::none().fill('─').junction('─'));

/// A table with one rule under its header and none between rows.
pub fn table<T: Into<Cell>>(header: impl IntoIterator<Item = T>) -> Table {
    let mut t = Table::new();
    t.load_style(RULED);
    t.set_header(header);
    t
}

/// An account as the tables show it: its id, and its name if it has one.
pub fn account_label(r: &Report, id: crate::cloud::AccountId) -> String {
    let name = r.accounts.iter().find(|a| a.id == id);
    labelled(id, name.and_then(|a| a.name.as_deref()))
}

/// `111111111111 (finance)`, or the bare id of an account with no name.
pub fn labelled(id: crate::cloud::AccountId, name: Option<&str>) -> String {
    match name {
        Some(n) => format!("{id} ({n})"),
        None => id.to_string(),
    }
}

fn right(s: String) -> Cell {
    Cell::new(s).set_alignment(CellAlignment::Right)
}

/// The tables after the step log, and the verdict.
pub fn summary_tables(r: &Report, style: Style) -> String {
    let mut clusters = table([
        "cluster",
        "account",
        "status",
        "logical pages",
        "exclusive",
        "shared",
        "owned pages (billed)",
        "billed GiB (owned x page)",
        "storage USD",
        "instance hours",
        "instance USD",
    ]);
    for c in &r.clusters {
        clusters.add_row(vec![
            Cell::new(&c.identifier),
            Cell::new(account_label(r, c.account)),
            Cell::new(c.status),
            right(c.logical_pages.to_string()),
            right(c.exclusive_pages.to_string()),
            right(c.shared_pages.to_string()),
            right(pages(c.owned_pages)),
            right(gib(c.billed_bytes)),
            right(usd(c.storage_cost_usd)),
            right(format!("{:.2}", c.instance_hours)),
            right(usd(c.instance_cost_usd)),
        ]);
    }
    let mut accounts = table([
        "account",
        "billed GiB now",
        "storage USD",
        "I/O USD",
        "backup USD",
        "instance USD",
        "total USD",
    ]);
    for a in &r.accounts {
        accounts.add_row(vec![
            Cell::new(account_label(r, a.id)),
            right(gib(a.billed_bytes)),
            right(usd(a.storage_cost_usd)),
            right(usd(a.io_cost_usd)),
            right(usd(a.backup_cost_usd)),
            right(usd(a.instance_cost_usd)),
            right(usd(a.total_cost_usd)),
        ]);
    }
    let mut out = format!(
        "\nclusters at {} (policy {}; a cluster is billed for its owned pages, not for what is exclusive to it):\n{clusters}\n\ncost to date:\n{accounts}\n",
        r.clock, r.policy
    );
    if let Some((months, last)) = monthly_table(r) {
        out.push_str(&format!(
            "\ncost per calendar month (USD), from the daily series: each month's figures run to its last whole day metered, so together they come to the cost at {last}; the hours after it, up to {}, are in the cost to date but in no month here:\n{months}\n",
            r.clock
        ));
    }
    for f in r.families.iter().filter(|f| f.clusters.len() > 1) {
        let saved = f.logical_pages.saturating_sub(f.live_page_versions);
        out.push_str(&format!(
            "\nfamily {}: {} clusters see {} pages in all, stored as {} page versions ({} pages shared, not copied)\n",
            f.clone_group_id.as_deref().unwrap_or("(no clone group)"),
            f.clusters.len(),
            f.logical_pages,
            f.live_page_versions,
            saved
        ));
    }
    let surprises: Vec<&StepRecord> = r.steps.iter().filter(|s| !s.as_expected).collect();
    if surprises.is_empty() {
        out.push_str(&format!(
            "\n{} {} steps, every expectation held\n",
            style.good("ok:"),
            r.steps.len()
        ));
    } else {
        out.push_str(&format!(
            "\n{} {} of {} steps did not go as expected:\n",
            style.bad("FAILED:"),
            surprises.len(),
            r.steps.len()
        ));
        for s in surprises {
            out.push_str(&format!(
                "  step {} ({}): {}\n",
                s.index,
                s.op,
                s.surprise.as_deref().unwrap_or("")
            ));
        }
    }
    out
}

/// Each account's cost per calendar month, from the daily series, and the
/// last whole day it reaches; `None` for runs shorter than two days.
fn monthly_table(r: &Report) -> Option<(Table, crate::time::SimTime)> {
    if r.series.len() < 2 * r.accounts.len().max(1) {
        return None;
    }
    let month = |p: &crate::billing::meter::Point| p.at.to_string()[..7].to_string();
    let mut months: Vec<String> = r.series.iter().map(month).collect();
    months.dedup();
    let mut header = vec!["account".to_string()];
    header.extend(months.iter().cloned());
    let mut table = table(header);
    for a in &r.accounts {
        let mut row = vec![Cell::new(account_label(r, a.id))];
        let mut before = 0.0;
        for m in &months {
            let end = r
                .series
                .iter()
                .filter(|p| p.account == a.id && month(p) == *m)
                .map(|p| p.total_cost_usd)
                .next_back()
                .unwrap_or(before);
            row.push(right(usd(end - before)));
            before = end;
        }
        table.add_row(row);
    }
    let last = r.series.last()?.at;
    Some((table, last))
}

/// A report value as a person reads it: whole numbers without a fraction,
/// others to six decimals at most, `none` for a missing value.
fn readable(v: &FieldValue) -> String {
    match v {
        FieldValue::Unsigned(x) => x.to_string(),
        FieldValue::Signed(x) => x.to_string(),
        FieldValue::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{x:.0}"),
        FieldValue::Float(x) => {
            let s = format!("{x:.6}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
        FieldValue::None => "none".into(),
        FieldValue::Text(s) => format!("{s:?}"),
        FieldValue::Bool(b) => b.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_under_a_cent_do_not_read_as_nothing() {
        assert_eq!(two_decimals(0.004), "< 0.01");
        assert_eq!(two_decimals(0.0), "0.00");
        assert_eq!(two_decimals(0.005), "0.01");
        assert_eq!(two_decimals(12.345), "12.35");
        assert_eq!(pages(350.0), "350");
        assert_eq!(pages(333.333), "333.33");
    }
}
