//! Typed steps of a built scenario (see `scenario.rs`): one constructor per
//! op, taking what the op requires, and setters for what it may add. The
//! values are the library's own enumerations where it has them, so a step
//! spells engines, storage types and write modes as scenario files do.

use std::fmt;
use std::ops::Range;

use cowsim::cloud::rds::{DbEngine, StorageType};
use cowsim::workload::{Distribution, WriteMode};
use toml::Value;

/// One `[[steps]]` table: its op, then its fields in the order set.
#[derive(Clone, Debug)]
pub struct Step {
    op: &'static str,
    fields: Vec<(&'static str, Value)>,
}

impl Step {
    fn new(op: &'static str) -> Step {
        Step {
            op,
            fields: Vec::new(),
        }
    }

    fn set(mut self, key: &'static str, value: impl Into<Value>) -> Step {
        self.fields.push((key, value.into()));
        self
    }

    /// The step's fields as `Scenario::parse_step` reads them, without the
    /// `[[steps]]` header.
    pub fn body(&self) -> String {
        let mut text = format!("op = {}\n", Value::from(self.op));
        for (key, value) in &self.fields {
            text.push_str(&format!("{key} = {value}\n"));
        }
        text
    }

    /// Runs as `account` (an id or a declared name) instead of the first.
    pub fn account(self, account: &str) -> Step {
        self.set("account", account)
    }

    /// The AWS error code the step must fail with.
    pub fn expect_error(self, code: &str) -> Step {
        self.set("expect-error", code)
    }

    // create-db-cluster

    pub fn engine(self, engine: DbEngine) -> Step {
        self.set("engine", engine.name())
    }

    /// Initial data, in GiB of the engine's pages.
    pub fn data_gib(self, gib: i64) -> Step {
        self.set("data-gib", gib)
    }

    /// Initial data, in pages.
    pub fn data_pages(self, pages: i64) -> Step {
        self.set("data-pages", pages)
    }

    // modify-db-cluster

    pub fn storage_type(self, storage: StorageType) -> Step {
        self.set("storage-type", storage.name())
    }

    pub fn apply_immediately(self) -> Step {
        self.set("apply-immediately", true)
    }

    // delete-db-cluster

    /// Days of continuous backup (create, modify, restores).
    pub fn backup_retention_period(self, days: i64) -> Step {
        self.set("backup-retention-period", days)
    }

    /// The past time a point-in-time restore asks for (RFC 3339).
    pub fn restore_to_time(self, at: &str) -> Step {
        self.set("restore-to-time", at)
    }

    pub fn skip_final_snapshot(self) -> Step {
        self.set("skip-final-snapshot", true)
    }

    pub fn final_snapshot(self, snapshot: &str) -> Step {
        self.set("final-db-snapshot-identifier", snapshot)
    }

    // write

    /// Writes exactly the pages of `range` (half-open).
    pub fn page_range(self, range: Range<i64>) -> Step {
        self.page_ranges_of(vec![range])
    }

    /// Writes exactly the pages of these ranges (half-open).
    pub fn page_ranges<const N: usize>(self, ranges: [Range<i64>; N]) -> Step {
        self.page_ranges_of(ranges.into())
    }

    fn page_ranges_of(self, ranges: Vec<Range<i64>>) -> Step {
        let ranges: Vec<Value> = ranges
            .into_iter()
            .map(|r| Value::Array(vec![r.start.into(), r.end.into()]))
            .collect();
        self.set("page-ranges", ranges)
    }

    /// Writes `count` pages drawn by the write's distribution.
    pub fn pages(self, count: i64) -> Step {
        self.set("pages", count)
    }

    // write and workload

    pub fn mode(self, mode: WriteMode) -> Step {
        self.set("mode", mode.name())
    }

    pub fn distribution(self, distribution: Distribution) -> Step {
        self.set("distribution", distribution.to_string())
    }

    // workload

    /// Writes what is due this often instead of every hour.
    pub fn every(self, every: Duration) -> Step {
        self.set("every", every.to_string())
    }

    // expect

    pub fn logical_pages(self, expected: impl Into<Expected>) -> Step {
        let value = expected.into().value();
        self.set("logical-pages", value)
    }

    pub fn owned_pages(self, expected: impl Into<Expected>) -> Step {
        let value = expected.into().value();
        self.set("owned-pages", value)
    }
}

/// The step as a `[[steps]]` table of a scenario file.
impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[[steps]]\n{}", self.body())
    }
}

/// `create-db-cluster`; name its engine and size with `engine` and
/// `data_gib` or `data_pages`.
pub fn create_cluster(id: &str) -> Step {
    Step::new("create-db-cluster").set("db-cluster-identifier", id)
}

/// `create-db-instance` of `cluster`, a db.r6g.large (set another with
/// `.class`).
pub fn create_instance(id: &str, cluster: &str) -> Step {
    Step::new("create-db-instance")
        .set("db-instance-identifier", id)
        .set("db-cluster-identifier", cluster)
        .set("db-instance-class", "db.r6g.large")
}

pub fn delete_instance(id: &str) -> Step {
    Step::new("delete-db-instance").set("db-instance-identifier", id)
}

/// `delete-db-cluster`; say `skip_final_snapshot` or `final_snapshot`.
pub fn delete_cluster(id: &str) -> Step {
    Step::new("delete-db-cluster").set("db-cluster-identifier", id)
}

pub fn modify_cluster(id: &str) -> Step {
    Step::new("modify-db-cluster").set("db-cluster-identifier", id)
}

/// A copy-on-write clone of `source` as of now: the
/// `restore-db-cluster-to-point-in-time` the AWS guide's clones make.
pub fn clone_cluster(source: &str, id: &str) -> Step {
    Step::new("restore-db-cluster-to-point-in-time")
        .set("source-db-cluster-identifier", source)
        .set("db-cluster-identifier", id)
        .set("restore-type", "copy-on-write")
        .set("use-latest-restorable-time", true)
}

/// A full-copy point-in-time restore of `source`; say when with
/// `restore_to_time`.
pub fn restore_cluster(source: &str, id: &str) -> Step {
    Step::new("restore-db-cluster-to-point-in-time")
        .set("source-db-cluster-identifier", source)
        .set("db-cluster-identifier", id)
}

/// `create-db-cluster-snapshot` of `cluster`.
pub fn create_snapshot(cluster: &str, snapshot: &str) -> Step {
    Step::new("create-db-cluster-snapshot")
        .set("db-cluster-identifier", cluster)
        .set("db-cluster-snapshot-identifier", snapshot)
}

/// A `write` to `cluster`; say which pages with `page_ranges` or `pages`.
pub fn write(cluster: &str) -> Step {
    Step::new("write").set("db-cluster-identifier", cluster)
}

/// A `workload` writing to `cluster` at `rate` until the end.
pub fn workload(cluster: &str, rate: Rate) -> Step {
    Step::new("workload")
        .set("db-cluster-identifier", cluster)
        .set("rate", rate.to_string())
}

pub fn advance(duration: Duration) -> Step {
    Step::new("advance").set("duration", duration.to_string())
}

/// An `expect` on `cluster`'s figures; name them with the setters.
pub fn expect(cluster: &str) -> Step {
    Step::new("expect").set("cluster", cluster)
}

/// A span of simulated time, in the unit a scenario would write it.
#[derive(Clone, Copy, Debug)]
pub enum Duration {
    Minutes(u64),
    Hours(u64),
    Days(u64),
}

pub fn minutes(n: u64) -> Duration {
    Duration::Minutes(n)
}

pub fn hours(n: u64) -> Duration {
    Duration::Hours(n)
}

pub fn days(n: u64) -> Duration {
    Duration::Days(n)
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Duration::Minutes(n) => write!(f, "{n}m"),
            Duration::Hours(n) => write!(f, "{n}h"),
            Duration::Days(n) => write!(f, "{n}d"),
        }
    }
}

/// A workload's write rate.
#[derive(Clone, Copy, Debug)]
pub enum Rate {
    PagesPerHour(u64),
    MibPerDay(u64),
    GibPerDay(u64),
}

pub fn pages_per_hour(n: u64) -> Rate {
    Rate::PagesPerHour(n)
}

pub fn mib_per_day(n: u64) -> Rate {
    Rate::MibPerDay(n)
}

pub fn gib_per_day(n: u64) -> Rate {
    Rate::GibPerDay(n)
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rate::PagesPerHour(n) => write!(f, "{n} pages/h"),
            Rate::MibPerDay(n) => write!(f, "{n}MiB/day"),
            Rate::GibPerDay(n) => write!(f, "{n}GiB/day"),
        }
    }
}

/// What an `expect` wants of a figure: exactly a count, or a value within
/// an absolute tolerance.
#[derive(Clone, Copy, Debug)]
pub enum Expected {
    Exactly(i64),
    Within { value: i64, tolerance: i64 },
}

/// `value`, give or take `tolerance`.
pub fn within(value: i64, tolerance: i64) -> Expected {
    Expected::Within { value, tolerance }
}

impl From<i64> for Expected {
    fn from(value: i64) -> Expected {
        Expected::Exactly(value)
    }
}

impl Expected {
    fn value(self) -> Value {
        match self {
            Expected::Exactly(v) => v.into(),
            Expected::Within { value, tolerance } => {
                let mut t = toml::Table::new();
                t.insert("value".into(), value.into());
                t.insert("tolerance".into(), tolerance.into());
                Value::Table(t)
            }
        }
    }
}
