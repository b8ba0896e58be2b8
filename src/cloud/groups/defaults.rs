//! The engine defaults of each family: the parameters a new group starts
//! with, as `describe-engine-default-cluster-parameters` and
//! `describe-db-cluster-parameters` list them, at the cluster level (a DB
//! cluster parameter group) and at the instance level (a DB parameter
//! group). A few dozen well-known parameters each, with the source, apply
//! type, data type and allowed values RDS gives them; values in braces are
//! RDS's formulas of the instance class, shown as RDS shows them.
//! Aurora PostgreSQL 13 to 17 share one table.

use super::families::Family;

/// Where a parameter's value comes from, as RDS names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The engine's own default.
    EngineDefault,
    /// Set by RDS for the instance class (a formula).
    System,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::EngineDefault => "engine-default",
            Source::System => "system",
        }
    }
}

/// When a change takes effect: at once (`dynamic`), or after a reboot
/// (`static`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplyType {
    Dynamic,
    Static,
}

impl ApplyType {
    pub fn name(self) -> &'static str {
        match self {
            ApplyType::Dynamic => "dynamic",
            ApplyType::Static => "static",
        }
    }
}

/// One parameter as the engine defaults list it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EngineDefault {
    pub name: &'static str,
    /// Its default value; `None` where RDS sets none.
    pub value: Option<&'static str>,
    pub description: &'static str,
    pub source: Source,
    pub apply: ApplyType,
    /// `string`, `integer`, `boolean`, `float` or `list`.
    pub data_type: &'static str,
    /// A range (`1-65535`) or a comma-separated list of values.
    pub allowed: Option<&'static str>,
    pub modifiable: bool,
}

use ApplyType::{Dynamic, Static};

/// A modifiable engine default.
const fn p(
    name: &'static str,
    value: Option<&'static str>,
    apply: ApplyType,
    data_type: &'static str,
    allowed: Option<&'static str>,
    description: &'static str,
) -> EngineDefault {
    EngineDefault {
        name,
        value,
        description,
        source: Source::EngineDefault,
        apply,
        data_type,
        allowed,
        modifiable: true,
    }
}

/// A modifiable default that RDS sets from the instance class.
const fn sys(
    name: &'static str,
    value: &'static str,
    apply: ApplyType,
    data_type: &'static str,
    allowed: Option<&'static str>,
    description: &'static str,
) -> EngineDefault {
    EngineDefault {
        source: Source::System,
        ..p(name, Some(value), apply, data_type, allowed, description)
    }
}

/// A default RDS does not let a group change.
const fn fixed(
    name: &'static str,
    value: &'static str,
    data_type: &'static str,
    description: &'static str,
) -> EngineDefault {
    EngineDefault {
        source: Source::System,
        modifiable: false,
        ..p(name, Some(value), Static, data_type, None, description)
    }
}

const BOOL: Option<&str> = Some("0,1");
const ON_OFF: Option<&str> = Some("OFF,ON");

const MYSQL_CLUSTER: &[EngineDefault] = &[
    p(
        "aurora_enable_repl_bin_log_filtering",
        Some("1"),
        Dynamic,
        "boolean",
        BOOL,
        "Allows filtering of binary log events on the source of a binlog replication",
    ),
    p(
        "aurora_load_from_s3_role",
        None,
        Dynamic,
        "string",
        None,
        "IAM role ARN used to load data from AWS S3",
    ),
    p(
        "aurora_parallel_query",
        None,
        Dynamic,
        "boolean",
        ON_OFF,
        "This parameter can be used to enable and disable Aurora parallel query",
    ),
    p(
        "aurora_select_into_s3_role",
        None,
        Dynamic,
        "string",
        None,
        "IAM role ARN used to select data into AWS S3",
    ),
    p(
        "auto_increment_increment",
        None,
        Dynamic,
        "integer",
        Some("1-65535"),
        "Intended for use with master-to-master replication, and can be used to control the operation of AUTO_INCREMENT columns",
    ),
    p(
        "auto_increment_offset",
        None,
        Dynamic,
        "integer",
        Some("1-65535"),
        "Determines the starting point for the AUTO_INCREMENT column value",
    ),
    p(
        "aws_default_lambda_role",
        None,
        Dynamic,
        "string",
        None,
        "IAM role ARN used to invoke AWS Lambda functions",
    ),
    p(
        "aws_default_s3_role",
        None,
        Dynamic,
        "string",
        None,
        "IAM role ARN used when an S3 role is not otherwise configured",
    ),
    p(
        "binlog_checksum",
        None,
        Dynamic,
        "string",
        Some("NONE,CRC32"),
        "Causes the source to write a checksum for each event in the binary log",
    ),
    p(
        "binlog_format",
        Some("OFF"),
        Static,
        "string",
        Some("ROW,STATEMENT,MIXED,OFF"),
        "Binary logging format for replication",
    ),
    p(
        "binlog_row_image",
        None,
        Dynamic,
        "string",
        Some("full,minimal,noblob"),
        "Whether row images are logged in full or in part",
    ),
    p(
        "binlog_transaction_compression",
        None,
        Dynamic,
        "boolean",
        ON_OFF,
        "Enables compression of transactions written to binary log files",
    ),
    p(
        "character_set_server",
        None,
        Dynamic,
        "string",
        Some(
            "big5,dec8,cp850,hp8,koi8r,latin1,latin2,swe7,ascii,ujis,sjis,hebrew,tis620,euckr,koi8u,gb2312,greek,cp1250,gbk,latin5,armscii8,utf8,ucs2,cp866,keybcs2,macce,macroman,cp852,latin7,utf8mb4,cp1251,utf16,cp1256,cp1257,utf32,binary,geostd8,cp932,eucjpms",
        ),
        "The server's default character set",
    ),
    p(
        "collation_server",
        None,
        Dynamic,
        "string",
        None,
        "The server's default collation",
    ),
    p(
        "innodb_autoinc_lock_mode",
        None,
        Static,
        "integer",
        Some("0-2"),
        "The lock mode to use for generating auto-increment values",
    ),
    fixed(
        "innodb_file_per_table",
        "1",
        "boolean",
        "Use tablespaces or files for InnoDB",
    ),
    p(
        "innodb_print_all_deadlocks",
        None,
        Dynamic,
        "boolean",
        BOOL,
        "Print all deadlocks in InnoDB to the error log",
    ),
    p(
        "lower_case_table_names",
        None,
        Static,
        "integer",
        Some("0,1"),
        "Whether table names are stored in lower case; set it only when the cluster is created",
    ),
    p(
        "require_secure_transport",
        None,
        Dynamic,
        "boolean",
        ON_OFF,
        "Whether client connections must use an encrypted connection",
    ),
    p(
        "server_audit_events",
        None,
        Dynamic,
        "list",
        Some("CONNECT,QUERY,QUERY_DCL,QUERY_DDL,QUERY_DML,QUERY_DML_NO_SELECT,TABLE"),
        "Which events advanced auditing logs",
    ),
    p(
        "server_audit_excl_users",
        None,
        Dynamic,
        "string",
        None,
        "Users whose activity advanced auditing does not log",
    ),
    p(
        "server_audit_incl_users",
        None,
        Dynamic,
        "string",
        None,
        "Users whose activity advanced auditing logs",
    ),
    p(
        "server_audit_logging",
        Some("0"),
        Dynamic,
        "boolean",
        BOOL,
        "Enables advanced auditing",
    ),
    p(
        "server_audit_logs_upload",
        Some("0"),
        Dynamic,
        "boolean",
        BOOL,
        "Uploads audit logs to CloudWatch Logs",
    ),
    fixed(
        "skip_external_locking",
        "1",
        "boolean",
        "Do not use system (external) locking",
    ),
    p(
        "time_zone",
        None,
        Dynamic,
        "string",
        Some(
            "UTC,US/Alaska,US/Central,US/Eastern,US/Hawaii,US/Mountain,US/Pacific,Europe/Amsterdam,Europe/Berlin,Europe/Dublin,Europe/London,Europe/Paris,Asia/Kolkata,Asia/Seoul,Asia/Singapore,Asia/Tokyo,Australia/Sydney",
        ),
        "The server's time zone",
    ),
    p(
        "tls_version",
        Some("TLSv1.2,TLSv1.3"),
        Static,
        "list",
        Some("TLSv1.2,TLSv1.3"),
        "The TLS versions the server accepts for encrypted connections",
    ),
];

const MYSQL_INSTANCE: &[EngineDefault] = &[
    p(
        "autocommit",
        None,
        Dynamic,
        "boolean",
        BOOL,
        "Sets the autocommit mode",
    ),
    p(
        "event_scheduler",
        None,
        Dynamic,
        "string",
        Some("ON,OFF"),
        "Whether the event scheduler runs",
    ),
    p(
        "general_log",
        None,
        Dynamic,
        "boolean",
        BOOL,
        "Whether the general query log is enabled",
    ),
    sys(
        "innodb_buffer_pool_size",
        "{DBInstanceClassMemory*3/4}",
        Static,
        "integer",
        Some("5242880-18446744073709551615"),
        "The size in bytes of the memory buffer InnoDB uses to cache data and indexes of its tables",
    ),
    p(
        "innodb_lock_wait_timeout",
        Some("50"),
        Dynamic,
        "integer",
        Some("1-1073741824"),
        "Timeout in seconds an InnoDB transaction may wait for a row lock before giving up",
    ),
    p(
        "interactive_timeout",
        None,
        Dynamic,
        "integer",
        Some("1-31536000"),
        "The number of seconds the server waits for activity on an interactive connection before closing it",
    ),
    p(
        "log_output",
        Some("TABLE"),
        Dynamic,
        "string",
        Some("TABLE,FILE,NONE"),
        "Controls where to store query logs",
    ),
    p(
        "long_query_time",
        None,
        Dynamic,
        "float",
        Some("0-31536000"),
        "Defines what MySQL considers long queries",
    ),
    p(
        "max_allowed_packet",
        None,
        Dynamic,
        "integer",
        Some("1024-1073741824"),
        "The maximum size of one packet or any generated intermediate string",
    ),
    sys(
        "max_connections",
        "{DBInstanceClassMemory/12582880}",
        Dynamic,
        "integer",
        Some("1-100000"),
        "The number of simultaneous client connections allowed",
    ),
    p(
        "max_heap_table_size",
        None,
        Dynamic,
        "integer",
        Some("16384-1844674407370954752"),
        "Maximum size to which MEMORY tables are allowed to grow",
    ),
    p(
        "performance_schema",
        None,
        Static,
        "boolean",
        BOOL,
        "Enables or disables the Performance Schema",
    ),
    p(
        "slow_query_log",
        None,
        Dynamic,
        "boolean",
        BOOL,
        "Enable or disable the slow query log",
    ),
    p(
        "sql_mode",
        None,
        Dynamic,
        "list",
        Some(
            "ALLOW_INVALID_DATES,ANSI_QUOTES,ERROR_FOR_DIVISION_BY_ZERO,HIGH_NOT_PRECEDENCE,IGNORE_SPACE,NO_AUTO_VALUE_ON_ZERO,NO_BACKSLASH_ESCAPES,NO_DIR_IN_CREATE,NO_ENGINE_SUBSTITUTION,NO_UNSIGNED_SUBTRACTION,NO_ZERO_DATE,NO_ZERO_IN_DATE,ONLY_FULL_GROUP_BY,PAD_CHAR_TO_FULL_LENGTH,PIPES_AS_CONCAT,REAL_AS_FLOAT,STRICT_ALL_TABLES,STRICT_TRANS_TABLES,TIME_TRUNCATE_FRACTIONAL",
        ),
        "Current SQL Server Mode",
    ),
    sys(
        "table_open_cache",
        "{LEAST({DBInstanceClassMemory/1179121},6000)}",
        Dynamic,
        "integer",
        Some("1-524288"),
        "The number of open tables for all threads",
    ),
    p(
        "thread_cache_size",
        None,
        Dynamic,
        "integer",
        Some("0-16384"),
        "How many threads the server should cache for reuse",
    ),
    p(
        "tmp_table_size",
        None,
        Dynamic,
        "integer",
        Some("1024-18446744073709551615"),
        "The maximum size of internal in-memory temporary tables",
    ),
    p(
        "transaction_isolation",
        None,
        Dynamic,
        "string",
        Some("READ-UNCOMMITTED,READ-COMMITTED,REPEATABLE-READ,SERIALIZABLE"),
        "Sets the default transaction isolation level",
    ),
    p(
        "wait_timeout",
        None,
        Dynamic,
        "integer",
        Some("1-31536000"),
        "The number of seconds the server waits for activity on a noninteractive connection before closing it",
    ),
];

const POSTGRESQL_CLUSTER: &[EngineDefault] = &[
    p(
        "apg_plan_mgmt.capture_plan_baselines",
        Some("off"),
        Dynamic,
        "string",
        Some("automatic,manual,off"),
        "Capture query plans for query plan management",
    ),
    p(
        "apg_plan_mgmt.use_plan_baselines",
        Some("false"),
        Dynamic,
        "boolean",
        Some("true,false"),
        "Use only approved or fixed plans for managed statements",
    ),
    p(
        "autovacuum",
        Some("1"),
        Dynamic,
        "boolean",
        BOOL,
        "Starts the autovacuum subprocess",
    ),
    p(
        "autovacuum_analyze_scale_factor",
        Some("0.05"),
        Dynamic,
        "float",
        Some("0-100"),
        "Number of tuple inserts, updates or deletes prior to analyze as a fraction of reltuples",
    ),
    sys(
        "autovacuum_max_workers",
        "GREATEST({DBInstanceClassMemory/64371566592},3)",
        Static,
        "integer",
        Some("1-262143"),
        "Sets the maximum number of simultaneously running autovacuum worker processes",
    ),
    p(
        "autovacuum_naptime",
        Some("5"),
        Dynamic,
        "integer",
        Some("1-2147483"),
        "Time to sleep between autovacuum runs, in seconds",
    ),
    p(
        "autovacuum_vacuum_scale_factor",
        Some("0.1"),
        Dynamic,
        "float",
        Some("0-100"),
        "Number of tuple updates or deletes prior to vacuum as a fraction of reltuples",
    ),
    p(
        "client_encoding",
        Some("UTF8"),
        Dynamic,
        "string",
        Some(
            "BIG5,EUC_CN,EUC_JP,EUC_JIS_2004,EUC_KR,EUC_TW,GB18030,GBK,ISO_8859_5,ISO_8859_6,ISO_8859_7,ISO_8859_8,JOHAB,KOI8R,KOI8U,LATIN1,LATIN2,LATIN3,LATIN4,LATIN5,LATIN6,LATIN7,LATIN8,LATIN9,LATIN10,MULE_INTERNAL,SJIS,SHIFT_JIS_2004,SQL_ASCII,UHC,UTF8,WIN866,WIN874,WIN1250,WIN1251,WIN1252,WIN1253,WIN1254,WIN1255,WIN1256,WIN1257,WIN1258",
        ),
        "Sets the client's character set encoding",
    ),
    p(
        "idle_in_transaction_session_timeout",
        None,
        Dynamic,
        "integer",
        Some("0-2147483647"),
        "Sets the maximum allowed duration, in milliseconds, of any idling transaction",
    ),
    p(
        "log_connections",
        None,
        Dynamic,
        "boolean",
        BOOL,
        "Logs each successful connection",
    ),
    p(
        "log_disconnections",
        None,
        Dynamic,
        "boolean",
        BOOL,
        "Logs end of a session, including duration",
    ),
    p(
        "log_min_duration_statement",
        None,
        Dynamic,
        "integer",
        Some("-1-2147483647"),
        "Sets the minimum execution time in milliseconds above which statements will be logged",
    ),
    p(
        "log_statement",
        None,
        Dynamic,
        "string",
        Some("none,ddl,mod,all"),
        "Sets the type of statements logged",
    ),
    p(
        "pgaudit.log",
        None,
        Dynamic,
        "list",
        Some("ddl,function,misc,read,role,write,none,all,-ddl,-function,-misc,-read,-role,-write"),
        "Specifies which classes of statements will be logged by session audit logging",
    ),
    p(
        "pgaudit.role",
        None,
        Dynamic,
        "string",
        None,
        "Specifies the master role to use for object audit logging",
    ),
    p(
        "rds.accepted_password_auth_method",
        Some("md5+scram"),
        Dynamic,
        "string",
        Some("md5+scram,scram"),
        "Forces authentication of connections with the password encryption type stored locally",
    ),
    p(
        "rds.force_ssl",
        None,
        Dynamic,
        "boolean",
        BOOL,
        "Forces SSL connections",
    ),
    p(
        "rds.log_retention_period",
        Some("4320"),
        Dynamic,
        "integer",
        Some("1440-10080"),
        "Amazon RDS deletes PostgreSQL logs older than this many minutes",
    ),
    p(
        "rds.logical_replication",
        Some("0"),
        Static,
        "boolean",
        BOOL,
        "Enables logical decoding",
    ),
    p(
        "shared_preload_libraries",
        Some("pg_stat_statements"),
        Static,
        "list",
        Some(
            "auto_explain,orafce,pgaudit,pglogical,pg_bigm,pg_cron,pg_hint_plan,pg_prewarm,pg_similarity,pg_stat_statements,pg_tle,pg_partman_bgw,plprofiler,pgtt",
        ),
        "Lists shared libraries to preload into server",
    ),
    fixed("ssl", "1", "boolean", "Enables SSL connections"),
    p(
        "statement_timeout",
        None,
        Dynamic,
        "integer",
        Some("0-2147483647"),
        "Sets the maximum allowed duration, in milliseconds, of any statement",
    ),
    p(
        "timezone",
        Some("UTC"),
        Dynamic,
        "string",
        None,
        "Sets the time zone for displaying and interpreting time stamps",
    ),
    fixed(
        "wal_buffers",
        "{DBInstanceClassMemory/8388608}",
        "integer",
        "Sets the number of disk-page buffers in shared memory for WAL",
    ),
];

const POSTGRESQL_INSTANCE: &[EngineDefault] = &[
    p(
        "auto_explain.log_min_duration",
        None,
        Dynamic,
        "integer",
        Some("-1-2147483647"),
        "Sets the minimum execution time above which plans will be logged",
    ),
    p(
        "default_statistics_target",
        None,
        Dynamic,
        "integer",
        Some("1-10000"),
        "Sets the default statistics target",
    ),
    sys(
        "effective_cache_size",
        "SUM({DBInstanceClassMemory/12038},-50003)",
        Dynamic,
        "integer",
        Some("1-2147483647"),
        "Sets the planner's assumption about the size of the disk cache",
    ),
    p(
        "log_temp_files",
        None,
        Dynamic,
        "integer",
        Some("-1-2147483647"),
        "Log the use of temporary files larger than this number of kilobytes",
    ),
    sys(
        "maintenance_work_mem",
        "GREATEST({DBInstanceClassMemory/63963136*1024},65536)",
        Dynamic,
        "integer",
        Some("1024-2147483647"),
        "Sets the maximum memory to be used for maintenance operations",
    ),
    sys(
        "max_connections",
        "LEAST({DBInstanceClassMemory/9531392},5000)",
        Static,
        "integer",
        Some("6-262143"),
        "Sets the maximum number of concurrent connections",
    ),
    p(
        "pg_stat_statements.track",
        None,
        Dynamic,
        "string",
        Some("none,top,all"),
        "Selects which statements are tracked by pg_stat_statements",
    ),
    p(
        "random_page_cost",
        None,
        Dynamic,
        "float",
        Some("0-2147483647"),
        "Sets the planner's estimate of the cost of a nonsequentially fetched disk page",
    ),
    sys(
        "shared_buffers",
        "SUM({DBInstanceClassMemory/12038},-50003)",
        Static,
        "integer",
        Some("16-1073741823"),
        "Sets the number of shared memory buffers used by the server",
    ),
    p(
        "track_activity_query_size",
        Some("4096"),
        Static,
        "integer",
        Some("100-1048576"),
        "Sets the size reserved for pg_stat_activity.current_query, in bytes",
    ),
    p(
        "work_mem",
        None,
        Dynamic,
        "integer",
        Some("64-2147483647"),
        "Sets the maximum memory to be used for query workspaces",
    ),
];

/// The level a parameter group is at: a DB cluster's, or a DB instance's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Cluster,
    Instance,
}

/// The engine defaults of `family` at `level`, sorted by name as RDS
/// lists them.
pub fn defaults(family: Family, level: Level) -> &'static [EngineDefault] {
    match (family, level) {
        (Family::AuroraMysql80, Level::Cluster) => MYSQL_CLUSTER,
        (Family::AuroraMysql80, Level::Instance) => MYSQL_INSTANCE,
        (_, Level::Cluster) => POSTGRESQL_CLUSTER,
        (_, Level::Instance) => POSTGRESQL_INSTANCE,
    }
}

/// Whether `value` is one `allowed` lets a parameter of `data_type`
/// take: within a range `a-b`, or among a comma-separated list (a `list`
/// parameter takes several of them, comma-separated).
pub fn allows(allowed: Option<&str>, data_type: &str, value: &str) -> bool {
    let Some(allowed) = allowed else {
        return true;
    };
    if value.starts_with('{') || value.contains("({") {
        // A formula of the instance class, as RDS's own defaults are.
        return true;
    }
    if let Some((low, high)) = range(allowed) {
        return value.parse::<f64>().is_ok_and(|v| low <= v && v <= high);
    }
    let choices: Vec<&str> = allowed.split(',').collect();
    let taken = |v: &str| choices.iter().any(|c| c.eq_ignore_ascii_case(v.trim()));
    if data_type == "list" {
        value.split(',').all(taken)
    } else {
        taken(value)
    }
}

/// `a-b` (either may be negative) as a numeric range.
fn range(allowed: &str) -> Option<(f64, f64)> {
    let split = allowed.char_indices().skip(1).find(|&(_, c)| c == '-')?.0;
    let (low, high) = (&allowed[..split], &allowed[split + 1..]);
    Some((low.parse().ok()?, high.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_named_once() {
        for family in Family::ALL {
            for level in [Level::Cluster, Level::Instance] {
                let names: Vec<&str> = defaults(family, level).iter().map(|d| d.name).collect();
                let mut sorted = names.clone();
                sorted.sort_unstable();
                sorted.dedup();
                assert_eq!(names, sorted, "{family} {level:?}");
                assert!(names.len() >= 10, "{family} {level:?}");
                for d in defaults(family, level) {
                    if let Some(v) = d.value {
                        assert!(allows(d.allowed, d.data_type, v), "{} = {v}", d.name);
                    }
                }
            }
        }
    }

    #[test]
    fn values_are_held_to_what_is_allowed() {
        assert!(allows(Some("1-65535"), "integer", "2"));
        assert!(!allows(Some("1-65535"), "integer", "0"));
        assert!(!allows(Some("1-65535"), "integer", "many"));
        assert!(allows(Some("-1-2147483647"), "integer", "-1"));
        assert!(allows(Some("ROW,STATEMENT,MIXED,OFF"), "string", "ROW"));
        assert!(!allows(Some("ROW,STATEMENT,MIXED,OFF"), "string", "ROWS"));
        assert!(allows(Some("CONNECT,QUERY,TABLE"), "list", "CONNECT,QUERY"));
        assert!(allows(None, "string", "anything"));
    }
}
