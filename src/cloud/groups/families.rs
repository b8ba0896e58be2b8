//! Parameter group families: which engine and major version a parameter
//! group is for (`DBParameterGroupFamily`), and the family a cluster's
//! engine version belongs to, so that a group is only used where its
//! parameters mean something (docs/aws-behaviour.md, "Groups"). The one
//! place a version is mapped to its family: the default groups a describe
//! shows and the engine versions' families are named from here.

use crate::cloud::rds::DbEngine;
use crate::names::named_enum;

named_enum! {
    /// The Aurora parameter group families cowsim knows.
    pub enum Family ("parameter group family") {
        AuroraMysql80 = "aurora-mysql8.0",
        AuroraPostgresql13 = "aurora-postgresql13",
        AuroraPostgresql14 = "aurora-postgresql14",
        AuroraPostgresql15 = "aurora-postgresql15",
        AuroraPostgresql16 = "aurora-postgresql16",
        AuroraPostgresql17 = "aurora-postgresql17",
    }
}

impl Family {
    /// The engine whose clusters and instances may use the family's groups.
    pub fn engine(self) -> DbEngine {
        match self {
            Family::AuroraMysql80 => DbEngine::AuroraMysql,
            _ => DbEngine::AuroraPostgresql,
        }
    }

    /// The family of `engine` at `version` ([`family_name`]); `None` for
    /// a version cowsim has no family for.
    pub fn of(engine: DbEngine, version: &str) -> Option<Family> {
        let name = family_name(engine, version);
        Family::ALL
            .into_iter()
            .find(|f| f.engine() == engine && f.name() == name)
    }

    /// The name of the family's default group, which every account has.
    pub fn default_group(self) -> String {
        default_group_of(self.name())
    }
}

/// The family name of `engine` at `version`, as RDS names it, whether
/// cowsim knows the family or not: Aurora MySQL's is its MySQL major and
/// minor version (`aurora-mysql8.0` for `8.0.mysql_aurora.3.10.0`), Aurora
/// PostgreSQL's its major version (`aurora-postgresql17` for `17.5`).
pub fn family_name(engine: DbEngine, version: &str) -> String {
    let mut parts = version.split('.');
    let major = parts.next().unwrap_or_default();
    match engine {
        DbEngine::AuroraMysql => {
            let minor = parts.next().unwrap_or("0");
            format!("aurora-mysql{major}.{minor}")
        }
        DbEngine::AuroraPostgresql => format!("aurora-postgresql{major}"),
    }
}

/// The name of the default parameter group of the family named `family`.
pub fn default_group_of(family: &str) -> String {
    format!("default.{family}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_versions_find_their_family() {
        let mysql = Family::of(DbEngine::AuroraMysql, "8.0.mysql_aurora.3.10.0");
        assert_eq!(mysql, Some(Family::AuroraMysql80));
        let pg = Family::of(DbEngine::AuroraPostgresql, "16.4");
        assert_eq!(pg, Some(Family::AuroraPostgresql16));
        assert_eq!(Family::of(DbEngine::AuroraPostgresql, "12.9"), None);
        assert_eq!(Family::of(DbEngine::AuroraPostgresql, "3.1"), None);
        assert_eq!(
            Family::of(DbEngine::AuroraMysql, "5.7.mysql_aurora.2.12.0"),
            None
        );
        assert_eq!(
            Family::AuroraMysql80.default_group(),
            "default.aurora-mysql8.0"
        );
        for engine in DbEngine::ALL {
            assert!(
                Family::of(engine, engine.default_version()).is_some(),
                "every engine's default version has a family cowsim knows"
            );
        }
    }
}
