//! Bills of small scenarios, computed by hand hour by hour (docs/model.md:
//! each whole hour after the start, every available cluster pays one hour
//! of its billed bytes; GB = 2^30 bytes; a month is 730 hours).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::report::Report;
use common::scenario::{ScenarioBuilder, scenario};
use common::steps::*;
use common::{AUDIT, OWNER};
use cowsim::cloud::rds::{DbEngine, StorageType};
use cowsim::scenario::{Options, Runner, Scenario};
use cowsim::workload::WriteMode;

const GIB: f64 = (1u64 << 30) as f64;

/// The owner and the auditor, with calls taking exactly their nominal time.
fn bill() -> ScenarioBuilder {
    scenario("bill").no_jitter().account(OWNER).account(AUDIT)
}

fn run(built: ScenarioBuilder) -> Report {
    common::run::run_as_said(&built.parse())
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-12 + 1e-9 * b.abs(), "{a} != {b}");
}

/// `db`: 1 GiB of Aurora MySQL.
fn create_1gib() -> Step {
    create_cluster("db")
        .engine(DbEngine::AuroraMysql)
        .data_gib(1)
}

/// Created at 00:00, available at 00:03 (create-seconds 180). Metered at
/// 01:00, 02:00, 03:00: 3 hours × 1 GiB × 0.10 USD / 730 hours.
#[test]
fn storage_by_the_hour() {
    let r = run(bill().steps([create_1gib(), advance(hours(3))]));
    close(r.accounts[0].storage_cost_usd, 3.0 * 0.10 / 730.0);
    close(r.clusters[0].storage_cost_usd, 3.0 * 0.10 / 730.0);
    assert_eq!(
        r.accounts[0].io_cost_usd, 0.0,
        "initial data is not written through I/O"
    );
}

/// Created at 00:58:00, available at 01:01:00: the 01:00 hour finds it
/// `creating` and doesn't bill it; 02:00 does. One hour in all.
#[test]
fn creating_clusters_are_not_billed() {
    let r = run(bill().steps([advance(minutes(58)), create_1gib(), advance(minutes(62))]));
    close(r.accounts[0].storage_cost_usd, 0.10 / 730.0);
}

/// Hours 1 and 2 on Standard (0.10), then I/O-Optimized (0.225) for hours
/// 3 and 4. The 1,000 pages written in hour 2 are 4,000 I/Os of 4 KiB,
/// charged at 02:00 (0.20 USD per million); the 1,000 written after the
/// switch are free of I/O charges.
#[test]
fn storage_types_and_io() {
    let r = run(bill().steps([
        create_1gib(),
        advance(minutes(90)),
        write("db").page_range(0..1000),
        advance(minutes(30)),
        modify_cluster("db").storage_type(StorageType::IoOptimized),
        write("db").page_range(0..1000),
        advance(hours(2)),
    ]));
    let a = &r.accounts[0];
    close(a.storage_cost_usd, 2.0 * 0.10 / 730.0 + 2.0 * 0.225 / 730.0);
    close(a.io_cost_usd, 4_000.0 * 0.20 / 1e6);
    assert_eq!(r.clusters[0].write_io_requests, 8_000);
}

/// A source of 1,000 pages of 16 KiB and its clone, in the same account. Hour 1 (01:00): the source pays 1,000 pages, the clone nothing.
/// The source is deleted at 01:30; hour 2 (02:00): the clone pays the
/// 1,000 it still sees. Each hour of 1,000 pages: 1000 × 16384 / 2^30 GiB ×
/// 0.10 / 730.
#[test]
fn the_split_follows_the_delete() {
    let r = run(bill().steps([
        create_cluster("src")
            .engine(DbEngine::AuroraMysql)
            .data_pages(1000),
        advance(minutes(5)),
        create_instance("i", "src"),
        advance(minutes(5)),
        clone_cluster("src", "cl"),
        advance(minutes(80)),
        delete_instance("i"),
        delete_cluster("src").skip_final_snapshot(),
        advance(minutes(30)),
    ]));
    let hour = 1000.0 * 16384.0 / GIB * 0.10 / 730.0;
    let cost = |id: &str| {
        r.clusters
            .iter()
            .find(|c| c.identifier == id)
            .unwrap()
            .storage_cost_usd
    };
    close(cost("src"), hour);
    close(cost("cl"), hour);
}

/// A final snapshot keeps 1 GiB after its cluster is deleted at 00:10: the
/// account has no cluster left, so no free allowance, and pays backup
/// storage for hours 1 and 2 at the `[pricing]` override of 0.03.
#[test]
fn backup_beyond_the_free_allowance() {
    let r = run(bill().backup_gb_month(0.03).steps([
        create_1gib(),
        advance(minutes(10)),
        delete_cluster("db").final_snapshot("last"),
        advance(minutes(110)),
    ]));
    close(r.accounts[0].backup_cost_usd, 2.0 * 0.03 / 730.0);
    close(r.accounts[0].storage_cost_usd, 0.0);
}

/// Two append workloads on one cluster each write 100 pages an hour from
/// 00:10 to 02:10: about 400 new pages at the end of the volume, one
/// workload's after the other's, none written twice. Each 16 KiB page
/// written counts 4 write I/Os of 4 KiB.
#[test]
fn appends_on_one_cluster_follow_each_other() {
    let append = workload("db", pages_per_hour(100)).mode(WriteMode::Append);
    let r = run(bill().steps([
        create_1gib(),
        advance(minutes(10)),
        append.clone(),
        append,
        advance(hours(2)),
    ]));
    let db = &r.clusters[0];
    let written = db.write_io_requests / 4;
    assert!((398..=400).contains(&written), "{written}");
    assert_eq!(db.logical_pages, 65_536 + written);
}

/// A workload appending 10 million 16 KiB pages an hour (the most a rate
/// may say) reaches the largest volume, 2^34 pages, in about 1,718 hours;
/// its writes fail from then on. Only its own: the other cluster's
/// workload, written in the same hourly batches, still writes its 100
/// pages an hour, 180,000 over the 75 days.
#[test]
fn a_write_past_the_largest_volume_spoils_only_its_own() {
    assert_only_its_own_spoiled(&run(bill().steps(past_the_largest_volume())));
}

/// The same under sampling, where the engine sees only the sampled pages,
/// renumbered: the write past the largest volume is refused on the
/// cluster's own page numbers before anything is written, so the hourly
/// batch changes nothing and the other cluster's writes, retried alone,
/// are counted once.
#[test]
fn a_sampled_write_past_the_largest_volume_spoils_only_its_own() {
    let scenario = scenario("bill")
        .no_jitter()
        .account(OWNER)
        .steps(past_the_largest_volume())
        .parse();
    let options = Options {
        sample: Some(cowsim::sampling::Sampler::new(1.0 / 64.0, 1)),
        ..Options::default()
    };
    assert_only_its_own_spoiled(&Runner::new(&scenario, options).run(|_| {}));
}

/// Two 1 GiB clusters: `db` appends 10 million pages an hour, `other`
/// updates 100, for 75 days.
fn past_the_largest_volume() -> [Step; 6] {
    [
        create_1gib(),
        create_cluster("other")
            .engine(DbEngine::AuroraMysql)
            .data_gib(1),
        advance(minutes(10)),
        workload("db", pages_per_hour(10_000_000)).mode(WriteMode::Append),
        workload("other", pages_per_hour(100)),
        advance(days(75)),
    ]
}

/// `db` stopped at the largest volume, and every one of `other`'s writes
/// counted once.
fn assert_only_its_own_spoiled(r: &Report) {
    let db = r.clusters.iter().find(|c| c.identifier == "db").unwrap();
    let other = r.clusters.iter().find(|c| c.identifier == "other").unwrap();
    let most = 1u64 << 34;
    assert!(
        (most - 10_000_000..=most).contains(&db.logical_pages),
        "{}",
        db.logical_pages
    );
    let written = other.write_io_requests / 4;
    assert!((179_999..=180_000).contains(&written), "{written}");
}

/// An hour in which nothing changed is charged what the hour before was,
/// less its I/Os (src/billing/hour.rs). Each hour must still cost what a
/// fresh accounting of the cloud says, to the last bit, through writes, a
/// change of storage type and a delete between hours.
#[test]
fn kept_hours_cost_what_a_fresh_accounting_says() {
    use cowsim::billing::{Meter, Pricing};
    use cowsim::engine::{BillingPolicy, PageSet};
    use cowsim::scenario::steps::Action;
    use cowsim::time::HOUR;
    let scenario = scenario("kept")
        .no_jitter()
        .account(OWNER)
        .steps([
            create_1gib(),
            advance(minutes(10)),
            create_instance("db-1", "db"),
            advance(minutes(30)),
            clone_cluster("db", "clone"),
            advance(minutes(20)),
        ])
        .parse();
    let (report, mut cloud) = Runner::new(&scenario, Options::default()).run_with_cloud(|_| {});
    assert!(report.ok, "{:#?}", report.steps);
    let owner = OWNER.parse().expect("account");
    let call = |cloud: &mut cowsim::cloud::Cloud, step: Step| {
        let step = Scenario::parse_step("kept.toml", &step.body(), &scenario.accounts, 0)
            .unwrap_or_else(|d| panic!("{d}"));
        let Action::Aws(request) = &step.action else {
            panic!("an AWS call")
        };
        cloud.call(owner, request).expect("accepted");
    };
    let mut kept = Meter::new(BillingPolicy::Aurora, Pricing::default());
    let ids: Vec<_> = cloud.clusters().iter().map(|c| c.id()).collect();
    let mut expected = vec![0.0f64; ids.len()];
    let mut expected_full = vec![0.0f64; ids.len()];
    for hour in 1..=9 {
        match hour {
            3 => {
                let pages = cowsim::cloud::WritePages::Own(PageSet::range(0..500));
                cloud
                    .write(owner, "clone", pages, 500, WriteMode::Update)
                    .expect("written");
            }
            5 => call(
                &mut cloud,
                modify_cluster("db")
                    .storage_type(StorageType::IoOptimized)
                    .apply_immediately(),
            ),
            7 => call(&mut cloud, delete_cluster("clone").skip_final_snapshot()),
            _ => {}
        }
        let next = cloud.now().plus(HOUR);
        cloud.advance_to(next);
        kept.charge_hour(&cloud);
        let mut fresh = Meter::new(BillingPolicy::Aurora, Pricing::default());
        fresh.charge_hour(&cloud);
        for (i, &id) in ids.iter().enumerate() {
            expected[i] += fresh.cluster(id).storage_usd;
            expected_full[i] += fresh.cluster(id).full_copy_storage_usd;
            let got = kept.cluster(id);
            assert_eq!(
                got.storage_usd.to_bits(),
                expected[i].to_bits(),
                "hour {hour}, cluster {i}"
            );
            assert_eq!(
                got.full_copy_storage_usd.to_bits(),
                expected_full[i].to_bits()
            );
        }
    }
    let clone = kept.cluster(ids[1]).storage_usd;
    assert!(clone > 0.0, "the clone paid for the pages it rewrote");
}

/// Backup figures of a cluster at the last metered hour.
fn last_metrics(r: &Report, id: &str) -> serde_json::Value {
    let m = r
        .metrics
        .iter()
        .find(|m| m.identifier == id)
        .expect("metered");
    let last = m.points.last().expect("a point");
    serde_json::to_value(last).unwrap()
}

/// `db`: 1,000 pages of 16 KiB written at 00:00, kept `retention` days;
/// from 00:10, pages 0..100 rewritten every day at 00:10, ten times (days
/// 0 to 9), the run ending at day 10, 00:10 (240 metered hours).
fn daily_rewrites(retention: i64) -> Report {
    let mut steps = vec![
        create_cluster("db")
            .engine(DbEngine::AuroraMysql)
            .data_pages(1000)
            .backup_retention_period(retention),
        advance(minutes(10)),
    ];
    for _ in 0..10 {
        steps.push(write("db").page_range(0..100));
        steps.push(advance(days(1)));
    }
    run(bill().steps(steps))
}

/// Each rewrite supersedes 100 versions the cluster wrote. The write of
/// day k (00:10) falls in metered hour 24k + 1, and a 7-day window keeps
/// it at hour H while 24k + 1 > H − 168, so from hour 24k + 1 to hour
/// 24k + 168 (or the last, 240): days 0 to 3 are kept 168 hours each, days
/// 4 to 9 144, 120, 96, 72, 48, 24: 672 + 504 = 1,176 hours of 100 pages.
/// The free amount is the volume itself (`VolumeBytesUsed`, 1,000 pages),
/// so what is billed is exactly the superseded versions in the window:
/// 1,176 × 100 × 16,384 / 2^30 GiB-hours × 0.021 / 730. At hour 240 the
/// window (from day 3, 00:00) holds the rewrites of days 3 to 9: 700
/// pages beyond the volume.
#[test]
fn seven_days_bill_the_versions_superseded_in_the_window() {
    let r = daily_rewrites(7);
    let page = 16384.0;
    let usd = 1176.0 * 100.0 * page / GIB * 0.021 / 730.0;
    close(r.clusters[0].backup_cost_usd, usd);
    close(r.accounts[0].backup_cost_usd, usd);
    assert_eq!(r.clusters[0].backup_retention_period, 7);
    let m = last_metrics(&r, "db");
    assert_eq!(m["VolumeBytesUsed"], 1000.0 * page);
    assert_eq!(m["BackupRetentionPeriodStorageUsed"], 1700.0 * page);
    assert_eq!(m["SnapshotStorageUsed"], 0.0);
    assert_eq!(m["TotalBackupStorageBilled"], 700.0 * page);
}

/// The same rewrites kept one day: the window at hour 240 (from day 9,
/// 00:00) still holds day 9's 100 versions, measured, but a retention of
/// one day bills no continuous backup.
#[test]
fn one_day_is_free() {
    let r = daily_rewrites(1);
    let page = 16384.0;
    close(r.accounts[0].backup_cost_usd, 0.0);
    let m = last_metrics(&r, "db");
    assert_eq!(m["BackupRetentionPeriodStorageUsed"], 1100.0 * page);
    assert_eq!(m["TotalBackupStorageBilled"], 0.0);
}

/// A snapshot at 00:10 pins pages 0..100, which the write at 00:20
/// supersedes. With one day's retention the snapshot is inside the window
/// until 24:10 and costs nothing (the continuous backup, free at one day,
/// holds the same); from hour 25 it is outside, and its 100 pages are
/// `SnapshotStorageUsed`, billed: hours 25 to 48, 24 × 100 × 16,384 /
/// 2^30 GiB-hours × 0.021 / 730.
#[test]
fn a_snapshot_leaving_the_window_is_billed() {
    let r = run(bill().steps([
        create_cluster("db")
            .engine(DbEngine::AuroraMysql)
            .data_pages(1000),
        advance(minutes(10)),
        create_snapshot("db", "s"),
        advance(minutes(10)),
        write("db").page_range(0..100),
        advance(minutes(40)),
        advance(hours(47)),
    ]));
    let page = 16384.0;
    close(
        r.accounts[0].backup_cost_usd,
        24.0 * 100.0 * page / GIB * 0.021 / 730.0,
    );
    // Hour 1 (the write's I/Os), hours 2 to 24, hours 25 to 48.
    let points = &r.metrics[0].points;
    assert_eq!(points.len(), 3);
    assert_eq!(points[1].hours, 23);
    assert_eq!(points[1].figures.snapshot_storage_used, 0.0);
    let last = serde_json::to_value(points.last().unwrap()).unwrap();
    assert_eq!(last["SnapshotStorageUsed"], 100.0 * page);
    assert_eq!(last["TotalBackupStorageBilled"], 100.0 * page);
    assert_eq!(last["hours"], 24);
}

/// 1,000 pages at 00:00; 500 appended at 02:00. A full copy restored at
/// 03:00 to 01:30 holds what the source held then, 1,000 pages; one to
/// 02:30 holds 1,500.
#[test]
fn a_past_time_restore_has_the_size_it_had_then() {
    let r = run(bill().steps([
        create_cluster("db")
            .engine(DbEngine::AuroraMysql)
            .data_pages(1000)
            .backup_retention_period(7),
        advance(hours(2)),
        write("db").pages(500).mode(WriteMode::Append),
        advance(hours(1)),
        restore_cluster("db", "then").restore_to_time("2026-01-01T01:30:00Z"),
        restore_cluster("db", "later").restore_to_time("2026-01-01T02:30:00Z"),
        advance(hours(2)),
    ]));
    let logical = |id: &str| {
        r.clusters
            .iter()
            .find(|c| c.identifier == id)
            .unwrap()
            .logical_pages
    };
    assert_eq!(logical("db"), 1500);
    assert_eq!(logical("then"), 1000);
    assert_eq!(logical("later"), 1500);
}

/// A time before the cluster existed, or past now, is outside the
/// window: `InvalidRestoreFault`, and no cluster is made.
#[test]
fn a_restore_outside_the_window_is_refused() {
    let r = run(bill().steps([
        create_cluster("db")
            .engine(DbEngine::AuroraMysql)
            .data_pages(1000)
            .backup_retention_period(1),
        advance(days(2)),
        restore_cluster("db", "early")
            .restore_to_time("2026-01-01T12:00:00Z")
            .expect_error("InvalidRestoreFault"),
        restore_cluster("db", "late")
            .restore_to_time("2026-01-04T00:00:00Z")
            .expect_error("InvalidRestoreFault"),
    ]));
    assert_eq!(r.clusters.len(), 1);
    let message = &r.steps[2].error.as_ref().unwrap().message;
    assert!(message.contains("2026-01-02T00:00:00Z"), "{message}");
}

/// A retention of 0 or 36 days is refused before anything runs, at the
/// value, with what is allowed.
#[test]
fn retention_outside_one_to_thirty_five_days_is_refused() {
    for days in [0, 36] {
        let built = bill().step(
            create_cluster("db")
                .engine(DbEngine::AuroraMysql)
                .backup_retention_period(days),
        );
        let text = built.toml();
        let d = Scenario::parse("bad.toml", &text).expect_err("refused");
        let shown = d.to_string();
        let line = text
            .lines()
            .position(|l| l.starts_with("backup-retention-period"))
            .unwrap()
            + 1;
        assert!(shown.contains(&format!("bad.toml:{line}:")), "{shown}");
        assert!(shown.contains("from 1 to 35"), "{shown}");
    }
}
