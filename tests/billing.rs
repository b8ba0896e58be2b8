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
    let scenario = built.parse();
    let report = Runner::new(
        &scenario,
        Options {
            verify: true,
            ..Options::default()
        },
    )
    .run(|_| {});
    assert!(
        report.ok,
        "{:#?}",
        report
            .steps
            .iter()
            .filter_map(|s| s.surprise.clone())
            .collect::<Vec<_>>()
    );
    report
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
