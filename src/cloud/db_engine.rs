//! The two Aurora engines, which set a cluster's page size, its I/Os per
//! page and the classes it can run on.

use crate::engine::PageSize;
use crate::names::named_enum;

named_enum! {
    /// The Aurora engines and their page sizes (docs/aws-behaviour.md,
    /// "Numbers").
    pub enum DbEngine ("engine") {
        AuroraMysql = "aurora-mysql",
        AuroraPostgresql = "aurora-postgresql",
    }
}

impl DbEngine {
    pub fn page_size(self) -> PageSize {
        match self {
            DbEngine::AuroraMysql => PageSize::K16,
            DbEngine::AuroraPostgresql => PageSize::K8,
        }
    }

    /// A recent engine version, used when a scenario names none.
    pub fn default_version(self) -> &'static str {
        match self {
            DbEngine::AuroraMysql => "8.0.mysql_aurora.3.10.0",
            DbEngine::AuroraPostgresql => "17.5",
        }
    }
}
