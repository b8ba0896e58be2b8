//! What RDS's describe calls share: `Filters` (a name the operation
//! doesn't know is refused, several values of one filter keep what
//! matches any, several filters keep what matches all), and pages of
//! `MaxRecords` (20 to 100, 100 when left out) continued by `Marker`.
//!
//! A marker is the offset of the next page into the caller's own result
//! list, sealed with a checksum of the call it continues (operation,
//! caller, identifier and filters): it says nothing about other accounts,
//! and a marker made up, altered, or given to another call is refused. It
//! is deterministic, so that a session's journal replays. Results come in
//! creation order, so a page never repeats one, and the caller's deleted
//! results keep their places, so a deletion between pages skips none.

use super::AwsError;
use super::ops::filters::Filters;
use crate::shown::shown;

/// The page a describe asks for: `MaxRecords` and `Marker` as given.
#[derive(Clone, Copy, Debug)]
pub(super) struct PageAsked<'a> {
    pub max_records: Option<u64>,
    pub marker: Option<&'a str>,
}

impl<'a> PageAsked<'a> {
    /// The page of a request's `MaxRecords` and `Marker`.
    pub(super) fn of(max_records: Option<u64>, marker: &'a Option<String>) -> Self {
        PageAsked {
            max_records,
            marker: marker.as_deref(),
        }
    }
}

/// The fewest and most results a page may hold, and a page's size when
/// `MaxRecords` is left out.
const MAX_RECORDS: std::ops::RangeInclusive<u64> = 20..=100;

impl Filters {
    /// Refuses a filter whose name is not among `known`, as RDS does.
    pub(super) fn check(&self, known: &[&str]) -> Result<(), AwsError> {
        match self.0.iter().find(|f| !known.contains(&f.name.as_str())) {
            Some(f) => Err(AwsError::InvalidParameterValue(format!(
                "Unrecognized filter name: {}",
                shown(&f.name)
            ))),
            None => Ok(()),
        }
    }

    /// Whether every filter has a value that `matches(name, value)`.
    pub(super) fn keep(&self, matches: impl Fn(&str, &str) -> bool) -> bool {
        self.0
            .iter()
            .all(|f| f.values.iter().any(|v| matches(&f.name, v)))
    }
}

/// One page of `items`, and the marker of the next page if there is one.
/// `None` holds the place of one of the caller's own results since
/// deleted: not shown, but counted in the offsets, so that a marker given
/// before a deletion still points where it did. `call` names the call the
/// marker continues: the same text must come with the marker back.
pub(super) fn page<T>(
    items: Vec<Option<T>>,
    max_records: Option<u64>,
    marker: Option<&str>,
    call: &str,
) -> Result<(Vec<T>, Option<String>), AwsError> {
    let size = max_records.unwrap_or(*MAX_RECORDS.end());
    if !MAX_RECORDS.contains(&size) {
        return Err(AwsError::InvalidParameterValue(format!(
            "Invalid value {size} for MaxRecords. Must be between {} and {}",
            MAX_RECORDS.start(),
            MAX_RECORDS.end()
        )));
    }
    page_of(items, size, marker, call).ok_or_else(|| {
        AwsError::InvalidParameterValue(format!(
            "The marker {:?} is not valid for this request",
            shown(marker.unwrap_or_default())
        ))
    })
}

/// [`page`] of a list that keeps no places for what was deleted (groups
/// and parameters, in name order): a group deleted between two pages
/// moves the later ones up by one, so a walk may miss one.
pub(super) fn page_all<T>(
    items: Vec<T>,
    max_records: Option<u64>,
    marker: Option<&str>,
    call: &str,
) -> Result<(Vec<T>, Option<String>), AwsError> {
    page(
        items.into_iter().map(Some).collect(),
        max_records,
        marker,
        call,
    )
}

/// One page of at most `size` of `items`, from where `marker` (a marker
/// of `call`, as [`page`] makes them) says, and the marker of the next
/// page if there is one; `None` when `marker` is not one of `call`'s.
/// KMS's `Marker` and RAM's `nextToken` are made the same way.
pub(super) fn page_of<T>(
    items: Vec<Option<T>>,
    size: u64,
    marker: Option<&str>,
    call: &str,
) -> Option<(Vec<T>, Option<String>)> {
    let start = match marker {
        Some(m) => opened(m, call)?,
        None => 0,
    };
    let mut rest = items
        .into_iter()
        .enumerate()
        .skip(start)
        .filter_map(|(at, item)| item.map(|item| (at, item)))
        .peekable();
    let shown: Vec<(usize, T)> = rest.by_ref().take(size as usize).collect();
    let next = match (rest.peek(), shown.last()) {
        (Some(_), Some(&(last, _))) => Some(sealed(last + 1, call)),
        _ => None,
    };
    Some((shown.into_iter().map(|(_, item)| item).collect(), next))
}

/// A page of a KMS listing: 1 to `most` entries (`default` when `Limit`
/// is left out), continued by `Marker` (docs/aws-behaviour.md, "KMS
/// pagination").
pub(super) fn kms_page<T>(
    items: Vec<Option<T>>,
    limit: Option<u64>,
    most: u64,
    default: u64,
    marker: Option<&str>,
    call: &str,
) -> Result<(Vec<T>, Option<String>), AwsError> {
    let size = limit.unwrap_or(default);
    if !(1..=most).contains(&size) {
        return Err(AwsError::KmsValidation(format!(
            "1 validation error detected: Value '{size}' at 'limit' failed to satisfy constraint: Member must have value between 1 and {most}"
        )));
    }
    page_of(items, size, marker, call).ok_or_else(|| {
        AwsError::KmsInvalidMarker(format!(
            "The marker {:?} is not valid for this request",
            shown(marker.unwrap_or_default())
        ))
    })
}

/// The marker of the page that starts at `offset` of `call`'s results.
fn sealed(offset: usize, call: &str) -> String {
    format!("{offset:08x}{:016x}", checksum(offset, call))
}

/// The offset a marker of `call` gives, if it is one.
fn opened(marker: &str, call: &str) -> Option<usize> {
    if marker.len() != 24 || !marker.is_ascii() {
        return None;
    }
    let offset = usize::from_str_radix(&marker[..8], 16).ok()?;
    (sealed(offset, call) == marker).then_some(offset)
}

/// FNV-1a of the call and the offset: stable across runs and builds.
fn checksum(offset: usize, call: &str) -> u64 {
    call.bytes()
        .chain(0u8..1)
        .chain((offset as u64).to_le_bytes())
        .fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::ops::filters::Filter;

    fn filters(list: &[(&str, &[&str])]) -> Filters {
        Filters(
            list.iter()
                .map(|(name, values)| Filter {
                    name: name.to_string(),
                    values: values.iter().map(|v| v.to_string()).collect(),
                })
                .collect(),
        )
    }

    #[test]
    fn values_of_one_filter_or_and_filters_and() {
        let f = filters(&[("engine", &["a", "b"]), ("db-cluster-id", &["x"])]);
        let row = |engine: &'static str, id: &'static str| {
            move |name: &str, v: &str| match name {
                "engine" => v == engine,
                _ => v == id,
            }
        };
        assert!(f.keep(row("a", "x")));
        assert!(f.keep(row("b", "x")));
        assert!(!f.keep(row("c", "x")));
        assert!(!f.keep(row("a", "y")));
        assert!(Filters::default().keep(|_, _| false));
        assert!(!filters(&[("engine", &[])]).keep(|_, _| true));
    }

    #[test]
    fn an_unknown_filter_name_is_refused() {
        let f = filters(&[("engine", &["a"]), ("tag:team", &["x"])]);
        let e = f.check(&["engine"]).unwrap_err();
        assert_eq!(e.code(), "InvalidParameterValue");
        assert_eq!(e.to_string(), "Unrecognized filter name: tag:team");
        assert!(f.check(&["engine", "tag:team"]).is_ok());
    }

    #[test]
    fn pages_walk_every_item_once() {
        let items: Vec<Option<u32>> = (0..250).map(Some).collect();
        let mut seen = Vec::new();
        let mut marker = None;
        loop {
            let (page, next) = page(items.clone(), Some(20), marker.as_deref(), "c").unwrap();
            assert!(page.len() <= 20);
            seen.extend(page.into_iter().map(Some));
            match next {
                Some(m) => marker = Some(m),
                None => break,
            }
        }
        assert_eq!(seen, items);
        let (all, next) = page(items[..100].to_vec(), None, None, "c").unwrap();
        assert_eq!((all.len(), next), (100, None));
    }

    #[test]
    fn a_deletion_between_pages_skips_nothing() {
        let mut items: Vec<Option<u32>> = (0..50).map(Some).collect();
        let (first, next) = page(items.clone(), Some(20), None, "c").unwrap();
        assert_eq!(first, (0..20).collect::<Vec<_>>());
        items[3] = None;
        items[25] = None;
        let (second, _) = page(items, Some(20), next.as_deref(), "c").unwrap();
        let expected: Vec<u32> = (20..41).filter(|&i| i != 25).collect();
        assert_eq!(second, expected);
    }

    #[test]
    fn sizes_outside_20_to_100_and_foreign_markers_are_refused() {
        for size in [0, 19, 101] {
            let e = page(vec![Some(1)], Some(size), None, "c").unwrap_err();
            assert_eq!(e.code(), "InvalidParameterValue");
        }
        let (_, next) = page((0..50).map(Some).collect(), Some(20), None, "c").unwrap();
        let next = next.unwrap();
        assert!(page(vec![Some(1)], None, Some(&next), "c").is_ok());
        let mut forged = next.clone();
        forged.replace_range(..8, "00000001");
        for bad in [next.as_str(), forged.as_str(), "", "zz", "é"] {
            let other_call = bad == next;
            let call = if other_call { "d" } else { "c" };
            let e = page(vec![Some(1)], None, Some(bad), call).unwrap_err();
            assert_eq!(e.code(), "InvalidParameterValue", "{bad}");
        }
    }
}
