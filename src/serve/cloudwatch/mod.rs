//! CloudWatch's `GetMetricStatistics`, `GetMetricData` and `ListMetrics`
//! over the metrics the meter keeps (`samples.rs`), as the AWS CLI and
//! boto3 call them: botocore's model of CloudWatch lists the JSON 1.0
//! protocol first (`X-Amz-Target: GraniteServiceVersion20100801.Name`),
//! with the query protocol's error codes in `x-amzn-query-error`. A
//! caller sees its own clusters' metrics only. These calls read and
//! change nothing, so they are not steps: the session neither runs nor
//! records them (docs/serve.md, "CloudWatch").

mod input;
mod samples;
mod statistics;

use serde_json::{Map, Value, json};

use super::api_types::ApiOperation;
use super::errors::ApiError;
use super::session::Session;
use crate::billing::metrics::Metrics;
use crate::cloud::{AccountId, Cloud};
use crate::shown::shown;
use crate::time::{HOUR, SimTime};
use input::{Statistic, combination, invalid};
use samples::{DIMENSION, MetricName, NAMESPACE};

/// The prefix of CloudWatch's `X-Amz-Target`.
pub const TARGET_PREFIX: &str = "GraniteServiceVersion20100801.";

/// How a call is answered: the caller's view of the metrics, the
/// operation's table entry and its members.
type Answer = fn(&View<'_>, &ApiOperation, Map<String, Value>) -> Result<Value, ApiError>;

/// Every CloudWatch operation answered, once: the generated table
/// (`api.rs`) holds its members, this its answer.
const ANSWERS: &[(&str, Answer)] = &[
    ("GetMetricStatistics", get_metric_statistics),
    ("GetMetricData", get_metric_data),
    ("ListMetrics", list_metrics),
];

/// What one caller may read.
struct View<'a> {
    cloud: &'a Cloud,
    metrics: &'a Metrics,
    caller: AccountId,
}

/// Answers `op` for `caller`, reading the session and changing nothing.
pub fn answer(
    session: &Session,
    op: &ApiOperation,
    caller: AccountId,
    members: Map<String, Value>,
) -> Result<Value, ApiError> {
    let Some((_, f)) = ANSWERS.iter().find(|(a, _)| *a == op.action) else {
        return Err(ApiError::unknown_operation(op.service, op.action));
    };
    let view = View {
        cloud: session.cloud(),
        metrics: session.metrics(),
        caller,
    };
    f(&view, op, members)
}

/// The metric a namespace, name and dimensions name, as (metric,
/// cluster identifier): `None` when it is none the meter keeps, which
/// CloudWatch answers with no data rather than an error.
fn metric_of<'d>(
    namespace: Option<&str>,
    name: Option<&str>,
    dimensions: &'d [input::Dimension],
) -> Option<(MetricName, &'d str)> {
    if namespace != Some(NAMESPACE) {
        return None;
    }
    let metric = MetricName::parse(name?)?;
    match dimensions {
        [d] if d.name == DIMENSION => Some((metric, d.value.as_str())),
        _ => None,
    }
}

/// A unit asked for that is not the metric's keeps every datapoint out.
fn unit_fits(asked: Option<&str>, metric: MetricName) -> bool {
    asked.is_none_or(|u| u == metric.unit())
}

/// Seconds since the epoch, as the JSON protocol sends timestamps.
fn epoch(t: SimTime) -> Value {
    json!(t.0)
}

fn get_metric_statistics(
    view: &View<'_>,
    op: &ApiOperation,
    members: Map<String, Value>,
) -> Result<Value, ApiError> {
    let r: input::GetMetricStatistics = input::read(op, members)?;
    let window = input::window(r.start_time, r.end_time)?;
    let period = input::period(r.period, "Period")?;
    if !r.extended_statistics.is_empty() {
        return Err(invalid(
            "cowsim serve computes no extended statistics (percentiles): ask for Statistics",
        ));
    }
    if r.statistics.is_empty() {
        return Err(combination(
            "Must specify either Statistics or ExtendedStatistics, but not both.",
        ));
    }
    if r.statistics.len() > Statistic::ALL.len() {
        return Err(invalid(
            "The collection Statistics must not have a size greater than 5.",
        ));
    }
    let stats = r
        .statistics
        .iter()
        .map(|s| Statistic::parse(s, "Statistics"))
        .collect::<Result<Vec<_>, _>>()?;
    let asked = input::periods(window.0, window.1, period);
    if asked > input::MAX_STATISTICS_DATAPOINTS {
        return Err(combination(format!(
            "You have requested up to {asked} datapoints, which exceeds the limit of {}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.",
            input::MAX_STATISTICS_DATAPOINTS
        )));
    }
    let mut datapoints = Vec::new();
    if let Some((metric, cluster)) =
        metric_of(Some(&r.namespace), Some(&r.metric_name), &r.dimensions)
        && unit_fits(r.unit.as_deref(), metric)
    {
        let s = samples::samples(
            view.cloud,
            view.metrics,
            view.caller,
            cluster,
            metric,
            window,
        );
        for d in statistics::datapoints(&s, window.0, period) {
            let mut point = Map::new();
            point.insert("Timestamp".into(), epoch(d.at));
            for &stat in &stats {
                point.insert(stat.name().into(), json!(d.get(stat)));
            }
            point.insert("Unit".into(), json!(metric.unit()));
            datapoints.push(Value::Object(point));
        }
    }
    Ok(json!({ "Label": r.metric_name, "Datapoints": datapoints }))
}

fn get_metric_data(
    view: &View<'_>,
    op: &ApiOperation,
    members: Map<String, Value>,
) -> Result<Value, ApiError> {
    let r: input::GetMetricData = input::read(op, members)?;
    let window = input::window(r.start_time, r.end_time)?;
    let queries = &r.metric_data_queries;
    if queries.is_empty() || queries.len() > input::MAX_QUERIES {
        return Err(invalid(format!(
            "The collection MetricDataQueries must hold from 1 to {} queries: it holds {}.",
            input::MAX_QUERIES,
            queries.len()
        )));
    }
    let max = r.max_datapoints.unwrap_or(input::MAX_DATA_DATAPOINTS);
    if !(1..=input::MAX_DATA_DATAPOINTS).contains(&max) {
        return Err(invalid(format!(
            "The parameter MaxDatapoints must be from 1 to {}: {max}",
            input::MAX_DATA_DATAPOINTS
        )));
    }
    let newest_first = match r.scan_by.as_deref() {
        None | Some("TimestampDescending") => true,
        Some("TimestampAscending") => false,
        Some(other) => {
            return Err(invalid(format!(
                "The parameter ScanBy must be TimestampDescending or TimestampAscending: {other}"
            )));
        }
    };
    let mut plans = Vec::with_capacity(queries.len());
    for (i, q) in queries.iter().enumerate() {
        input::query_id(&q.id)?;
        if queries[..i].iter().any(|o| o.id == q.id) {
            return Err(invalid(format!(
                "The values for parameter id in MetricDataQueries are not unique: {}",
                q.id
            )));
        }
        let Some(stat) = &q.metric_stat else {
            return Err(match q.expression {
                Some(_) => invalid(format!(
                    "Query {}: cowsim serve answers MetricStat queries; metric math (Expression) is not modelled",
                    q.id
                )),
                None => ApiError::aws(
                    "MissingParameter",
                    &format!("Query {} must have either MetricStat or Expression.", q.id),
                ),
            });
        };
        if q.expression.is_some() || q.period.is_some() {
            return Err(invalid(format!(
                "Query {}: Expression and Period belong to metric math queries, not to one with MetricStat",
                q.id
            )));
        }
        let period = input::period(stat.period, "MetricStat.Period")?;
        let statistic = Statistic::parse(&stat.stat, "MetricStat.Stat")?;
        plans.push((q, stat, period, statistic));
    }
    let first = match r.next_token.as_deref() {
        None => 0,
        Some(token) => token
            .strip_prefix('q')
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|&n| n > 0 && n < plans.len())
            .ok_or_else(|| {
                ApiError::aws(
                    "InvalidNextToken",
                    "The service returned an invalid NextToken: it is not one this request was given",
                )
            })?,
    };
    let mut results = Vec::new();
    let mut given = 0i64;
    let mut next = None;
    for (i, (q, stat, period, statistic)) in plans.iter().enumerate().skip(first) {
        if q.return_data == Some(false) {
            continue;
        }
        if let Some(account) = &q.account_id
            && account != &view.caller.to_string()
        {
            return Err(invalid(format!(
                "Query {}: account {account} has not shared its metrics with account {}",
                q.id, view.caller
            )));
        }
        let m = &stat.metric;
        let mut points = match metric_of(
            m.namespace.as_deref(),
            m.metric_name.as_deref(),
            &m.dimensions,
        ) {
            Some((metric, cluster)) if unit_fits(stat.unit.as_deref(), metric) => {
                let s = samples::samples(
                    view.cloud,
                    view.metrics,
                    view.caller,
                    cluster,
                    metric,
                    window,
                );
                statistics::datapoints(&s, window.0, *period)
            }
            _ => Vec::new(),
        };
        if given > 0 && given + points.len() as i64 > max {
            next = Some(format!("q{i}"));
            break;
        }
        given += points.len() as i64;
        if newest_first {
            points.reverse();
        }
        results.push(json!({
            "Id": q.id,
            "Label": q.label.clone().or_else(|| m.metric_name.clone()).unwrap_or_default(),
            "Timestamps": points.iter().map(|d| epoch(d.at)).collect::<Vec<_>>(),
            "Values": points.iter().map(|d| d.get(*statistic)).collect::<Vec<_>>(),
            "StatusCode": "Complete",
        }));
    }
    let mut out = json!({ "MetricDataResults": results, "Messages": [] });
    if let Some(token) = next {
        out["NextToken"] = json!(token);
    }
    Ok(out)
}

/// The most metrics one `ListMetrics` page holds.
const LIST_PAGE: usize = 500;

fn list_metrics(
    view: &View<'_>,
    op: &ApiOperation,
    members: Map<String, Value>,
) -> Result<Value, ApiError> {
    let r: input::ListMetrics = input::read(op, members)?;
    let since = match r.recently_active.as_deref() {
        None => None,
        Some("PT3H") => Some(view.cloud.now().plus(-3 * HOUR)),
        Some(other) => {
            return Err(invalid(format!(
                "The parameter RecentlyActive must be PT3H: {}",
                shown(other)
            )));
        }
    };
    let mine = r
        .owning_account
        .as_deref()
        .is_none_or(|a| a == view.caller.to_string());
    let namespace_fits = r.namespace.as_deref().is_none_or(|n| n == NAMESPACE);
    let mut metrics = Vec::new();
    if mine && namespace_fits {
        for (cluster, newest) in samples::clusters(view.cloud, view.metrics, view.caller) {
            let fits = r
                .dimensions
                .iter()
                .all(|f| f.name == DIMENSION && f.value.as_deref().is_none_or(|v| v == cluster));
            if !fits || since.is_some_and(|s| newest <= s) {
                continue;
            }
            for metric in MetricName::ALL {
                if r.metric_name.as_deref().is_some_and(|n| n != metric.name()) {
                    continue;
                }
                metrics.push(json!({
                    "Namespace": NAMESPACE,
                    "MetricName": metric.name(),
                    "Dimensions": [{ "Name": DIMENSION, "Value": cluster }],
                }));
            }
        }
    }
    let first = match r.next_token.as_deref() {
        None => 0,
        Some(token) => token
            .strip_prefix('m')
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|&n| n > 0 && n < metrics.len())
            .ok_or_else(|| invalid("The parameter NextToken is not one this request was given"))?,
    };
    let end = (first + LIST_PAGE).min(metrics.len());
    let mut out = json!({ "Metrics": metrics[first..end] });
    if end < metrics.len() {
        out["NextToken"] = json!(format!("m{end}"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::api::OPERATIONS;
    use crate::serve::api_types::Service;

    #[test]
    fn every_cloudwatch_operation_of_the_table_is_answered_once() {
        let table: Vec<&str> = OPERATIONS
            .iter()
            .filter(|o| o.service == Service::Cloudwatch)
            .map(|o| o.action)
            .collect();
        let answered: Vec<&str> = ANSWERS.iter().map(|(a, _)| *a).collect();
        assert_eq!(table, answered);
    }

    #[test]
    fn only_one_cluster_dimension_names_a_metric() {
        let d = |n: &str, v: &str| input::Dimension {
            name: n.into(),
            value: v.into(),
        };
        let one = [d(DIMENSION, "prod")];
        assert_eq!(
            metric_of(Some(NAMESPACE), Some("VolumeBytesUsed"), &one),
            Some((MetricName::VolumeBytesUsed, "prod"))
        );
        assert!(metric_of(Some("AWS/EC2"), Some("VolumeBytesUsed"), &one).is_none());
        assert!(metric_of(Some(NAMESPACE), Some("CPUUtilization"), &one).is_none());
        let two = [d(DIMENSION, "prod"), d("Role", "WRITER")];
        assert!(metric_of(Some(NAMESPACE), Some("VolumeBytesUsed"), &two).is_none());
    }
}
