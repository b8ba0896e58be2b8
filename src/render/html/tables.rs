//! The Accounts and Clusters tables, as lists of columns: the page writes
//! them as the run ends, and the recorder keeps each row's cells after
//! every step, formatted by the same functions, so that the script shows
//! a chosen step's figures exactly as the page would have written them
//! then. A new figure of the report (an instance's cost, say) is one more
//! entry in a list.

use std::fmt::Write;

use super::escape::escape;
use crate::engine::GIB;
use crate::render::text::{pages, two_decimals};
use crate::report::{AccountRow, ClusterRow};

/// A column of figures: its header, its cell's class (for tests and
/// styles), and its text.
pub struct Column<R> {
    pub header: &'static str,
    pub class: &'static str,
    pub cell: fn(&R) -> String,
}

/// The Accounts table's figures, after the account's name.
pub const ACCOUNT_COLUMNS: [Column<AccountRow>; 7] = [
    Column {
        header: "billed GiB (owned pages)",
        class: "billed",
        cell: |a| two_decimals(a.billed_bytes / GIB as f64),
    },
    Column {
        header: "storage USD",
        class: "storage",
        cell: |a| two_decimals(a.storage_cost_usd),
    },
    Column {
        header: "I/O USD",
        class: "io",
        cell: |a| two_decimals(a.io_cost_usd),
    },
    Column {
        header: "backup USD",
        class: "backup",
        cell: |a| two_decimals(a.backup_cost_usd),
    },
    Column {
        header: "instance USD",
        class: "instance",
        cell: |a| two_decimals(a.instance_cost_usd),
    },
    Column {
        header: "total USD",
        class: "total",
        cell: |a| two_decimals(a.total_cost_usd),
    },
    Column {
        header: "as full copies USD",
        class: "full-copy",
        cell: |a| two_decimals(a.full_copy_total_cost_usd),
    },
];

/// The Clusters table's figures, after the cluster's name and account.
pub const CLUSTER_COLUMNS: [Column<ClusterRow>; 10] = [
    Column {
        header: "status",
        class: "status",
        cell: |c| c.status.to_string(),
    },
    Column {
        header: "logical pages",
        class: "logical",
        cell: |c| c.logical_pages.to_string(),
    },
    Column {
        header: "exclusive",
        class: "exclusive",
        cell: |c| c.exclusive_pages.to_string(),
    },
    Column {
        header: "shared",
        class: "shared",
        cell: |c| c.shared_pages.to_string(),
    },
    Column {
        header: "owned pages",
        class: "owned",
        cell: |c| pages(c.owned_pages),
    },
    Column {
        header: "billed GiB",
        class: "billed",
        cell: |c| two_decimals(c.billed_bytes / GIB as f64),
    },
    Column {
        header: "storage USD",
        class: "storage",
        cell: |c| two_decimals(c.storage_cost_usd),
    },
    Column {
        header: "I/O USD",
        class: "io",
        cell: |c| two_decimals(c.io_cost_usd),
    },
    Column {
        header: "instance hours",
        class: "instance-hours",
        cell: |c| two_decimals(c.instance_hours),
    },
    Column {
        header: "instance USD",
        class: "instance",
        cell: |c| two_decimals(c.instance_cost_usd),
    },
];

/// Where a table names its columns' classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Classes {
    /// On every figure's cell, as scripts select them (`td.total`).
    Cells,
    /// On the header's cells alone: a table of a row per cluster whose
    /// columns are mostly short or empty, where a class on each cell would
    /// weigh more than its text.
    Headers,
}

/// A row's cells, as the page writes them.
pub fn cells<R>(columns: &[Column<R>], row: &R) -> Vec<String> {
    columns.iter().map(|c| (c.cell)(row)).collect()
}

/// A table: its header (the leading columns, then `columns`), then one
/// row per entry of `rows`, each with its attribute, leading cells and
/// figures. It scrolls within its own box when the page is narrow; off
/// screen, it is not laid out until it comes near (its box holds the
/// room its rows will take meanwhile).
pub fn table<R>(
    id: &str,
    leading: &[&str],
    columns: &[Column<R>],
    classes: Classes,
    rows: impl Iterator<Item = (String, Vec<String>, Vec<String>)>,
) -> String {
    let mut s = format!(r#"<table id="{id}" class="figures"><thead><tr>"#);
    for h in leading {
        let _ = write!(s, "<th>{h}</th>");
    }
    for c in columns {
        match classes {
            Classes::Cells => {
                let _ = write!(s, "<th>{}</th>", c.header);
            }
            Classes::Headers => {
                let _ = write!(s, r#"<th class="{}">{}</th>"#, c.class, c.header);
            }
        }
    }
    s.push_str("</tr></thead><tbody>");
    let mut count = 0;
    for (attribute, lead, figures) in rows {
        count += 1;
        let _ = write!(s, "<tr {attribute}>");
        for cell in lead {
            let _ = write!(s, r#"<td class="name">{}</td>"#, escape(&cell));
        }
        for (c, text) in columns.iter().zip(figures) {
            match classes {
                Classes::Cells => {
                    let _ = write!(s, r#"<td class="{}">{}</td>"#, c.class, escape(&text));
                }
                Classes::Headers => {
                    let _ = write!(s, "<td>{}</td>", escape(&text));
                }
            }
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    format!(
        r#"<div class="scroll figures-box" style="contain-intrinsic-size:auto {}px">{s}</div>"#,
        ROW_PX * (count + 1) + 20
    )
}

/// About how tall a row of a figures table is, in CSS pixels.
const ROW_PX: usize = 26;
