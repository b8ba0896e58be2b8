//! The `write` and `workload` steps: which pages a write touches, and
//! continuous writes at a rate. Checked when the scenario is read, so a
//! hostile size or rate is refused before anything runs.

use toml::de::DeValue;

use super::diag::Diagnostic;
use super::fields::{Fields, parsed};
use crate::engine::{GIB, PageSet, PageSize};
use crate::time::{DurationError, Seconds, SimTime, parse_duration};
use crate::workload::{Distribution, Rate};

/// Scattered pages one `write` step may draw at random (bulk data is a
/// range and has no such limit).
pub const MAX_RANDOM_PAGES: u64 = 50_000_000;

/// Random pages a `workload` may draw per simulated hour.
pub const MAX_WORKLOAD_PAGES_PER_HOUR: f64 = 10_000_000.0;

pub use crate::workload::WriteMode;

/// Which pages a `write` step writes.
#[derive(Clone, Debug, PartialEq)]
pub enum WriteSpec {
    /// Exactly these pages; an update must lie inside the cluster.
    Exact { pages: PageSet, mode: WriteMode },
    /// `count` page writes (or `gib` of them, sized at run time) chosen by
    /// `distribution` among the existing pages, or appended.
    Drawn {
        amount: Amount,
        mode: WriteMode,
        distribution: Distribution,
        start_page: u64,
    },
}

/// An amount of data: pages, or GiB converted with the cluster's page size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Amount {
    Pages(u64),
    Gib(f64),
}

impl Amount {
    pub fn pages(self, page: PageSize) -> u64 {
        match self {
            Amount::Pages(p) => p,
            Amount::Gib(g) => (g * GIB as f64 / page.bytes() as f64).round() as u64,
        }
    }
}

/// When a workload stops.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Until {
    Forever,
    At(SimTime),
    /// This long after the step runs.
    After(Seconds),
}

/// A continuous write workload.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkloadSpec {
    pub cluster: String,
    pub rate: Rate,
    pub mode: WriteMode,
    pub distribution: Distribution,
    pub until: Until,
    /// How often it writes what is due (default every hour, at each
    /// metering instant). Coarser intervals keep long forecasts fast.
    pub every: Seconds,
}

fn write_mode(f: &mut Fields<'_, '_>) -> Result<WriteMode, Diagnostic> {
    Ok(parsed::<WriteMode>(f, "mode")?.unwrap_or(WriteMode::Update))
}

pub(super) fn write_spec(f: &mut Fields<'_, '_>) -> Result<WriteSpec, Diagnostic> {
    if let Some(raw) = f.raw("page-ranges") {
        for other in ["pages", "gib", "distribution", "start-page"] {
            if f.has(other) {
                return Err(f.error(
                    raw.span(),
                    format!("`page-ranges` writes exactly those pages: drop `{other}`"),
                ));
            }
        }
        let expected =
            "expected page-ranges = [[start, end], ...], half-open ranges of page numbers";
        let DeValue::Array(items) = raw.get_ref() else {
            return Err(f.error(raw.span(), expected));
        };
        let mut ranges = Vec::new();
        for item in items {
            let bounds: Option<Vec<u64>> = match item.get_ref() {
                DeValue::Array(pair) if pair.len() == 2 => pair
                    .iter()
                    .map(|x| match x.get_ref() {
                        DeValue::Integer(i) => u64::from_str_radix(i.as_str(), i.radix()).ok(),
                        _ => None,
                    })
                    .collect(),
                _ => None,
            };
            match bounds.as_deref() {
                Some(&[start, end]) if start < end && end <= PageSize::K8.max_pages() => {
                    ranges.push(start..end)
                }
                Some(&[start, end]) if start < end => {
                    return Err(f.error(
                        item.span(),
                        format!(
                            "[{start}, {end}) is past the largest volume ({} pages)",
                            PageSize::K8.max_pages()
                        ),
                    ));
                }
                Some(&[start, end]) => {
                    return Err(f.error(
                        item.span(),
                        format!("[{start}, {end}) is empty: expected start < end"),
                    ));
                }
                _ => return Err(f.error(item.span(), expected)),
            }
        }
        let mode = write_mode(f)?;
        return Ok(WriteSpec::Exact {
            pages: PageSet::from_ranges(ranges),
            mode,
        });
    }
    let amount = match (f.count("pages")?, f.number("gib")?) {
        (Some(_), Some((_, span))) => return Err(f.error(span, "give `pages` or `gib`, not both")),
        (Some((p, _)), None) => Amount::Pages(p),
        (None, Some((g, _))) if (0.0..=256.0 * 1024.0).contains(&g) => Amount::Gib(g),
        (None, Some((g, span))) => {
            return Err(f.error(span, format!("`gib` = {g}: expected 0 to 262144 (256 TiB)")));
        }
        (None, None) => {
            return Err(f.error(
                f.span(),
                "missing what to write: `page-ranges`, or `pages` or `gib`",
            ));
        }
    };
    let mode = write_mode(f)?;
    let distribution = parsed::<Distribution>(f, "distribution")?.unwrap_or(Distribution::Uniform);
    let start_page = f.count("start-page")?.map_or(0, |(p, _)| p);
    if let Amount::Pages(p) = amount
        && p > PageSize::K8.max_pages()
    {
        return Err(f.error(
            f.span(),
            format!(
                "{p} pages is more than the largest volume holds ({})",
                PageSize::K8.max_pages()
            ),
        ));
    }
    let random = mode == WriteMode::Update && distribution != Distribution::Sequential;
    let most = amount.pages(PageSize::K8);
    if random && most > MAX_RANDOM_PAGES {
        return Err(f.error(
            f.span(),
            format!("{most} scattered pages in one write: at most {MAX_RANDOM_PAGES}; write bulk data with mode = \"append\", distribution = \"sequential\" or page-ranges"),
        ));
    }
    Ok(WriteSpec::Drawn {
        amount,
        mode,
        distribution,
        start_page,
    })
}

pub(super) fn workload(
    f: &mut Fields<'_, '_>,
    cluster: String,
) -> Result<WorkloadSpec, Diagnostic> {
    let (v, span) = f.required_string("rate")?;
    let rate: Rate = v
        .parse()
        .map_err(|e: crate::workload::BadRate| f.error(span.clone(), e.to_string()))?;
    let mode = write_mode(f)?;
    let distribution = parsed::<Distribution>(f, "distribution")?.unwrap_or(Distribution::Uniform);
    if rate.pages_per_second(PageSize::K8.bytes()) * 3_600.0 > MAX_WORKLOAD_PAGES_PER_HOUR {
        return Err(f.error(
            span,
            format!("`rate` = {v:?}: at most {MAX_WORKLOAD_PAGES_PER_HOUR} pages an hour"),
        ));
    }
    let until = match f.string("until")? {
        None => Until::Forever,
        Some((v, span)) => match parse_duration(&v) {
            Ok(d) => Until::After(d),
            Err(e @ DurationError::TooLong(_)) => {
                return Err(f.error(span, format!("`until`: {e}")));
            }
            Err(DurationError::Malformed(_)) => Until::At(SimTime::parse_rfc3339(&v).map_err(|_| {
                f.error(span, format!("`until` = {v:?}: expected a time (2026-03-01T00:00:00Z) or a duration (\"90d\")"))
            })?),
        },
    };
    let every = match f.string("every")? {
        None => crate::time::HOUR,
        Some((v, span)) => match parse_duration(&v) {
            Ok(d) if d >= crate::time::HOUR && d % crate::time::HOUR == 0 => d,
            Err(e @ DurationError::TooLong(_)) => {
                return Err(f.error(span, format!("`every`: {e}")));
            }
            _ => {
                return Err(f.error(
                    span,
                    format!("`every` = {v:?}: expected whole hours, such as \"1h\" or \"1d\""),
                ));
            }
        },
    };
    Ok(WorkloadSpec {
        cluster,
        rate,
        mode,
        distribution,
        until,
        every,
    })
}
