//! The DB instance classes Aurora sells, with their on-demand prices in
//! us-east-1 for each engine (docs/aws-behaviour.md, "DB instances"): what
//! an instance-hour of each class costs on Aurora Standard. I/O-Optimized
//! clusters pay [`crate::billing::Pricing::iopt_instance_uplift`] on top.
//! `db.serverless` is billed in ACU-hours instead, at the prices of
//! [`crate::billing::Pricing`]. Every price can be overridden per class in a
//! scenario's `[pricing.instances]`.
//!
//! The table lives with the control plane, not with the bill, because
//! RDS itself needs it: a class is an instance's attribute that RDS
//! checks per engine. Keeping each class's price on its line means a
//! class can't be offered without one.

use std::fmt;

use super::db_engine::DbEngine;

/// One class: its name, and USD per instance-hour on Aurora MySQL and on
/// Aurora PostgreSQL (`None`: that engine doesn't offer it).
struct ClassPrice {
    name: &'static str,
    mysql: Option<f64>,
    postgresql: Option<f64>,
}

const fn both(name: &'static str, usd: f64) -> ClassPrice {
    ClassPrice {
        name,
        mysql: Some(usd),
        postgresql: Some(usd),
    }
}

const fn mysql_only(name: &'static str, usd: f64) -> ClassPrice {
    ClassPrice {
        name,
        mysql: Some(usd),
        postgresql: None,
    }
}

/// The serverless class's name.
pub const SERVERLESS: &str = "db.serverless";

/// The table, one line per class, at AWS's us-east-1 on-demand prices on
/// Aurora Standard. docs/aws-behaviour.md ("Instance prices: what was
/// checked") says which figures were checked against a published price
/// list and which remain estimates (db.t3.small, db.r6i, db.r7i). The two
/// engines are priced alike for every class both offer; `db.t3.small` is
/// Aurora MySQL's only. `db.serverless` is first and priced in ACU-hours
/// elsewhere.
const CLASSES: &[ClassPrice] = &[
    both(SERVERLESS, 0.0),
    // Burstable.
    mysql_only("db.t3.small", 0.041),
    both("db.t3.medium", 0.082),
    both("db.t3.large", 0.164),
    both("db.t4g.medium", 0.073),
    both("db.t4g.large", 0.146),
    // Memory optimized, Intel (5th generation).
    both("db.r5.large", 0.29),
    both("db.r5.xlarge", 0.58),
    both("db.r5.2xlarge", 1.16),
    both("db.r5.4xlarge", 2.32),
    both("db.r5.8xlarge", 4.64),
    both("db.r5.12xlarge", 6.96),
    both("db.r5.16xlarge", 9.28),
    both("db.r5.24xlarge", 13.92),
    // Memory optimized, Graviton2.
    both("db.r6g.large", 0.26),
    both("db.r6g.xlarge", 0.519),
    both("db.r6g.2xlarge", 1.038),
    both("db.r6g.4xlarge", 2.076),
    both("db.r6g.8xlarge", 4.152),
    both("db.r6g.12xlarge", 6.228),
    both("db.r6g.16xlarge", 8.304),
    // Memory optimized, Intel (6th generation).
    both("db.r6i.large", 0.29),
    both("db.r6i.xlarge", 0.58),
    both("db.r6i.2xlarge", 1.16),
    both("db.r6i.4xlarge", 2.32),
    both("db.r6i.8xlarge", 4.64),
    both("db.r6i.12xlarge", 6.96),
    both("db.r6i.16xlarge", 9.28),
    both("db.r6i.24xlarge", 13.92),
    both("db.r6i.32xlarge", 18.56),
    // Memory optimized, Graviton3.
    both("db.r7g.large", 0.276),
    both("db.r7g.xlarge", 0.553),
    both("db.r7g.2xlarge", 1.106),
    both("db.r7g.4xlarge", 2.211),
    both("db.r7g.8xlarge", 4.422),
    both("db.r7g.12xlarge", 6.633),
    both("db.r7g.16xlarge", 8.844),
    // Memory optimized, Intel (7th generation).
    both("db.r7i.large", 0.3045),
    both("db.r7i.xlarge", 0.609),
    both("db.r7i.2xlarge", 1.218),
    both("db.r7i.4xlarge", 2.436),
    both("db.r7i.8xlarge", 4.872),
    both("db.r7i.12xlarge", 7.308),
    both("db.r7i.16xlarge", 9.744),
    both("db.r7i.24xlarge", 14.616),
    both("db.r7i.48xlarge", 29.232),
    // Memory optimized, Graviton4.
    both("db.r8g.large", 0.276),
    both("db.r8g.xlarge", 0.552),
    both("db.r8g.2xlarge", 1.104),
    both("db.r8g.4xlarge", 2.208),
    both("db.r8g.8xlarge", 4.416),
    both("db.r8g.12xlarge", 6.624),
    both("db.r8g.16xlarge", 8.832),
    both("db.r8g.24xlarge", 13.248),
    both("db.r8g.48xlarge", 26.496),
];

/// A DB instance class of the table: `db.r6g.large`, or `db.serverless`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InstanceClass(u16);

impl InstanceClass {
    /// Aurora Serverless v2, billed in ACU-hours.
    pub const SERVERLESS: InstanceClass = InstanceClass(0);

    /// `db.r6g.large`: a common choice, which the benchmarks run.
    pub const TYPICAL: InstanceClass = InstanceClass(14);

    /// Every class of the table.
    pub fn all() -> impl Iterator<Item = InstanceClass> {
        (0..CLASSES.len() as u16).map(InstanceClass)
    }

    /// Its name, as RDS spells it.
    pub fn name(self) -> &'static str {
        CLASSES[self.0 as usize].name
    }

    pub fn is_serverless(self) -> bool {
        self == InstanceClass::SERVERLESS
    }

    /// USD per instance-hour on Aurora Standard for `engine`, from the
    /// table; `None` for `db.serverless` and for a class the engine
    /// doesn't offer.
    pub fn list_price(self, engine: DbEngine) -> Option<f64> {
        if self.is_serverless() {
            return None;
        }
        let c = &CLASSES[self.0 as usize];
        match engine {
            DbEngine::AuroraMysql => c.mysql,
            DbEngine::AuroraPostgresql => c.postgresql,
        }
    }

    /// The class as AWS's usage types spell it (`InstanceUsage:db.r7g.xl`):
    /// the price list's and the Cost and Usage Report's usage types cut
    /// `xlarge` to `xl` (`db.r8g.2xl`), where `instanceType` and the API
    /// spell it out; smaller sizes are as named (docs/aws-behaviour.md,
    /// "Usage types").
    pub fn usage_type_name(self) -> String {
        let name = self.name();
        match name.strip_suffix("xlarge") {
            Some(stem) => format!("{stem}xl"),
            None => name.to_string(),
        }
    }

    /// Whether `engine` offers it.
    pub fn offered_by(self, engine: DbEngine) -> bool {
        self.is_serverless() || self.list_price(engine).is_some()
    }

    /// The class named `name`, or what to say: the nearest name of the
    /// table, when one is near.
    pub fn parse(name: &str) -> Result<InstanceClass, UnknownInstanceClass> {
        if let Some(i) = CLASSES.iter().position(|c| c.name == name) {
            return Ok(InstanceClass(i as u16));
        }
        if name.len() > MAX_NAME_LEN {
            return Err(UnknownInstanceClass::TooLong {
                shown: name.chars().take(MAX_NAME_LEN).collect(),
                chars: name.chars().count(),
            });
        }
        let nearest = CLASSES
            .iter()
            .map(|c| (distance(name, c.name), c.name))
            .min()
            .filter(|(d, _)| *d <= name.len().max(4) / 2);
        let name = name.to_string();
        Err(match nearest {
            Some((_, near)) => UnknownInstanceClass::Near { name, near },
            None => UnknownInstanceClass::Unknown { name },
        })
    }
}

/// A DB instance class the price table doesn't hold, and what to say.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UnknownInstanceClass {
    /// Longer than any class name: shown cut, and not searched.
    #[error(
        "unknown DB instance class `{shown}…`: {chars} characters, where a class name has at most {max}",
        max = MAX_NAME_LEN
    )]
    TooLong { shown: String, chars: usize },
    /// Near a name of the table.
    #[error("unknown DB instance class `{name}`: did you mean `{near}`?")]
    Near { name: String, near: &'static str },
    #[error(
        "unknown DB instance class `{name}`: expected a class such as db.r6g.large, db.t4g.medium or db.serverless (docs/aws-behaviour.md, \"DB instances\")"
    )]
    Unknown { name: String },
}

/// The longest name looked for a near match: the search costs the
/// product of the two names' lengths, and no class name is near this long.
const MAX_NAME_LEN: usize = 64;

impl fmt::Display for InstanceClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for InstanceClass {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl std::str::FromStr for InstanceClass {
    type Err = UnknownInstanceClass;

    fn from_str(s: &str) -> Result<Self, UnknownInstanceClass> {
        InstanceClass::parse(s)
    }
}

/// Levenshtein distance, for the suggestion of the nearest class.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_types_cut_xlarge_to_xl() {
        let usage = |name| InstanceClass::parse(name).unwrap().usage_type_name();
        assert_eq!(usage("db.r6g.large"), "db.r6g.large");
        assert_eq!(usage("db.t4g.medium"), "db.t4g.medium");
        assert_eq!(usage("db.r7g.xlarge"), "db.r7g.xl");
        assert_eq!(usage("db.r8g.2xlarge"), "db.r8g.2xl");
        assert_eq!(usage("db.r7i.48xlarge"), "db.r7i.48xl");
    }

    #[test]
    fn a_very_long_name_is_refused_without_a_search() {
        let name = format!("db.{}", "x".repeat(1_000_000));
        let said = InstanceClass::parse(&name)
            .expect_err("no such class")
            .to_string();
        assert!(said.len() < 300, "the name is cut: {} bytes", said.len());
        assert!(said.contains("at most 64"), "{said}");
    }

    #[test]
    fn classes_are_found_and_near_misses_suggested() {
        let c = InstanceClass::parse("db.r6g.large").unwrap();
        assert_eq!(c, InstanceClass::TYPICAL);
        assert_eq!(c.list_price(DbEngine::AuroraMysql), Some(0.26));
        assert!(
            InstanceClass::parse("db.serverless")
                .unwrap()
                .is_serverless()
        );
        let e = InstanceClass::parse("db.r6g.larg").unwrap_err().to_string();
        assert!(e.contains("did you mean `db.r6g.large`"), "{e}");
        let e = InstanceClass::parse("m5").unwrap_err().to_string();
        assert!(e.contains("expected a class such as"), "{e}");
    }

    #[test]
    fn every_family_of_the_issue_is_priced_for_both_engines() {
        for family in [
            "db.r5", "db.r6g", "db.r6i", "db.r7g", "db.r7i", "db.r8g", "db.t3", "db.t4g",
        ] {
            let priced = InstanceClass::all().filter(|c| {
                c.name().starts_with(&format!("{family}."))
                    && c.list_price(DbEngine::AuroraPostgresql).is_some()
            });
            assert!(priced.count() >= 2, "{family}");
        }
        assert!(
            !InstanceClass::parse("db.t3.small")
                .unwrap()
                .offered_by(DbEngine::AuroraPostgresql)
        );
    }
}
