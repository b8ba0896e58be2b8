//! `describe-db-engine-versions`: the engine versions cowsim knows, one
//! per Aurora engine (its default, [`DbEngine::default_version`]), with
//! the parameter group family and the descriptions RDS gives them. A
//! cluster may name another version; cowsim models no difference between
//! versions, so it lists none it does not default to.

use super::Cloud;
use super::groups::family_name;
use super::ops::rds::{
    DbEngineVersion, DescribeDbEngineVersions, DescribeDbEngineVersionsResponse,
};
use super::rds::DbEngine;

/// The version cowsim knows of `engine`, as RDS describes it.
fn known_version(engine: DbEngine) -> DbEngineVersion {
    let (engine_description, version_description) = match engine {
        DbEngine::AuroraMysql => (
            "Aurora MySQL",
            "Aurora MySQL 3.10.0 (compatible with MySQL 8.0.42)",
        ),
        DbEngine::AuroraPostgresql => (
            "Aurora (PostgreSQL)",
            "Aurora PostgreSQL (Compatible with PostgreSQL 17.5)",
        ),
    };
    let version = engine.default_version();
    DbEngineVersion {
        engine,
        engine_version: version.to_string(),
        parameter_group_family: family_name(engine, version),
        engine_description: engine_description.to_string(),
        version_description: version_description.to_string(),
        status: "available",
    }
}

impl Cloud {
    /// `describe-db-engine-versions`: of one engine, or both; of one
    /// version, or the one known. Any account may ask.
    pub fn describe_db_engine_versions(
        &self,
        r: &DescribeDbEngineVersions,
    ) -> DescribeDbEngineVersionsResponse {
        let versions = DbEngine::ALL
            .into_iter()
            .filter(|e| r.engine.is_none_or(|wanted| wanted == *e))
            .map(known_version)
            .filter(|v| {
                r.engine_version
                    .as_deref()
                    .is_none_or(|wanted| wanted == v.engine_version)
            })
            .collect();
        DescribeDbEngineVersionsResponse { versions }
    }
}
