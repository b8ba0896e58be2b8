//! What AWS fills in for a cluster, instance or snapshot that cowsim does
//! not model, in the form AWS gives it, so that a response reads as a
//! user knows it: host names, ports, Availability Zones, the default
//! parameter, option and subnet groups, backup and maintenance windows,
//! license models and certificates (docs/aws-behaviour.md, "Shapes").
//! Nothing here is read back by the model.

use super::groups::{default_group_of, family_name};
use super::rds::DbEngine;
use crate::time::SimTime;

/// The port an engine listens on unless told otherwise.
pub fn port(engine: DbEngine) -> u16 {
    match engine {
        DbEngine::AuroraMysql => 3306,
        DbEngine::AuroraPostgresql => 5432,
    }
}

/// The master user: cowsim takes no `MasterUsername`, and shows the name
/// each engine's guide uses in its examples.
pub fn master_username(engine: DbEngine) -> &'static str {
    match engine {
        DbEngine::AuroraMysql => "admin",
        DbEngine::AuroraPostgresql => "postgres",
    }
}

/// `LicenseModel`, as RDS names it for each engine.
pub fn license_model(engine: DbEngine) -> &'static str {
    match engine {
        DbEngine::AuroraMysql => "general-public-license",
        DbEngine::AuroraPostgresql => "postgresql-license",
    }
}

/// The groups a new cluster or instance is in when it names none: AWS's
/// default parameter group of the version's family (`default.aurora-mysql8.0`,
/// both the cluster's and the instances'), its default option group
/// (`default:aurora-mysql-8-0`), and the subnet group `default`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefaultGroups {
    pub parameter_group: String,
    pub option_group: String,
    pub subnet_group: String,
}

/// The groups of [`DefaultGroups`] for `engine` at `version`.
pub fn default_groups(engine: DbEngine, version: &str) -> DefaultGroups {
    let family = family_name(engine, version);
    let option_family = family
        .strip_prefix(engine.name())
        .unwrap_or_default()
        .replace('.', "-");
    DefaultGroups {
        parameter_group: default_group_of(&family),
        option_group: format!("default:{}-{option_family}", engine.name()),
        subnet_group: "default".to_string(),
    }
}

/// The Availability Zones of `region` a cluster's volume spans: Aurora
/// keeps six copies across three.
pub fn availability_zones(region: &str) -> Vec<String> {
    ["a", "b", "c"]
        .iter()
        .map(|z| format!("{region}{z}"))
        .collect()
}

/// The cluster endpoint: `ID.cluster-HASH.REGION.rds.amazonaws.com`,
/// where HASH is the account's in the Region.
pub fn cluster_endpoint(identifier: &str, hash: &str, region: &str) -> String {
    format!("{identifier}.cluster-{hash}.{region}.rds.amazonaws.com")
}

/// The reader endpoint: `ID.cluster-ro-HASH.REGION.rds.amazonaws.com`.
pub fn reader_endpoint(identifier: &str, hash: &str, region: &str) -> String {
    format!("{identifier}.cluster-ro-{hash}.{region}.rds.amazonaws.com")
}

/// An instance's endpoint: `ID.HASH.REGION.rds.amazonaws.com`.
pub fn instance_endpoint(identifier: &str, hash: &str, region: &str) -> String {
    format!("{identifier}.{hash}.{region}.rds.amazonaws.com")
}

/// The Route 53 zone RDS endpoints of `region` are in, where cowsim knows
/// it (us-east-1's, as AWS returns it); elsewhere left out.
pub fn hosted_zone_id(region: &str) -> Option<&'static str> {
    (region == "us-east-1").then_some("Z2R2ITUGPM61AM")
}

/// A daily 30-minute backup window and a weekly 30-minute maintenance
/// window that does not overlap it, picked from `draw` as AWS picks them
/// from a Region's block of time.
pub fn windows(draw: u64) -> (String, String) {
    const DAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    let half_hour = draw % 48;
    let (hour, minute) = (half_hour / 2, (half_hour % 2) * 30);
    let end = |h: u64, m: u64| {
        let next = h * 60 + m + 30;
        ((next / 60) % 24, next % 60)
    };
    let (bh, bm) = end(hour, minute);
    let backup = format!("{hour:02}:{minute:02}-{bh:02}:{bm:02}");
    let day = DAYS[((draw / 48) % 7) as usize];
    let mhour = (hour + 3) % 24;
    let (eh, em) = end(mhour, minute);
    let end_day = if eh < mhour {
        DAYS[((draw / 48 + 1) % 7) as usize]
    } else {
        day
    };
    let maintenance = format!("{day}:{mhour:02}:{minute:02}-{end_day}:{eh:02}:{em:02}");
    (backup, maintenance)
}

/// The certificate authority of new instances.
pub const CA_CERTIFICATE: &str = "rds-ca-rsa2048-g1";

/// When an instance's server certificate expires: RDS issues it for a year.
pub fn certificate_valid_till(created: SimTime) -> SimTime {
    created.plus(365 * 24 * 3_600)
}

/// `EngineLifecycleSupport`: RDS enrols a cluster in Extended Support
/// unless told otherwise.
pub const LIFECYCLE_SUPPORT: &str = "open-source-rds-extended-support";

/// `StorageEncryptionType` of storage encrypted or not.
pub fn encryption_type(encrypted: bool) -> &'static str {
    if encrypted { "sse-kms" } else { "none" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_groups_are_named_as_aws_names_them() {
        let mysql = default_groups(DbEngine::AuroraMysql, "8.0.mysql_aurora.3.10.0");
        assert_eq!(mysql.parameter_group, "default.aurora-mysql8.0");
        assert_eq!(mysql.option_group, "default:aurora-mysql-8-0");
        assert_eq!(mysql.subnet_group, "default");
        let pg = default_groups(DbEngine::AuroraPostgresql, "17.5");
        assert_eq!(pg.parameter_group, "default.aurora-postgresql17");
        assert_eq!(pg.option_group, "default:aurora-postgresql-17");
    }

    #[test]
    fn windows_are_half_hours_that_do_not_overlap() {
        for draw in [0, 1, 47, 48 * 7 - 1, 12_345] {
            let (backup, maintenance) = windows(draw);
            assert_eq!(backup.len(), "00:00-00:30".len(), "{backup}");
            assert_eq!(
                maintenance.len(),
                "sun:00:00-sun:00:30".len(),
                "{maintenance}"
            );
            assert_ne!(&maintenance[4..9], &backup[..5]);
        }
        assert_eq!(windows(47).0, "23:30-00:00");
    }
}
