//! CloudWatch's requests, typed: the members botocore sends (JSON 1.0,
//! timestamps as seconds since the epoch) read into structures, and the
//! rules CloudWatch holds them to (a period a multiple of 60 seconds, a
//! start before the end, one of the five statistics), refused with
//! CloudWatch's own codes (docs/aws-behaviour.md, "CloudWatch").

use serde::Deserialize;
use serde_json::{Map, Value};

use super::super::api_types::ApiOperation;
use super::super::errors::ApiError;
use crate::time::SimTime;

/// `InvalidParameterValue`.
pub fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::aws("InvalidParameterValue", &message.into())
}

/// `InvalidParameterCombination`.
pub fn combination(message: impl Into<String>) -> ApiError {
    ApiError::aws("InvalidParameterCombination", &message.into())
}

/// `members` as `T`, after every member the operation requires is
/// there (`MissingParameter`) and every member is one it takes.
pub fn read<T: serde::de::DeserializeOwned>(
    op: &ApiOperation,
    members: Map<String, Value>,
) -> Result<T, ApiError> {
    if let Some(p) = op
        .params
        .iter()
        .find(|p| p.required && members.get(p.name).is_none_or(Value::is_null))
    {
        return Err(ApiError::aws(
            "MissingParameter",
            &format!("The parameter {} is required.", p.name),
        ));
    }
    if let Some(name) = members.keys().find(|k| op.param(k).is_none()) {
        return Err(invalid(format!("{} takes no parameter {name}", op.action)));
    }
    serde_json::from_value(Value::Object(members)).map_err(|e| invalid(e.to_string()))
}

/// A timestamp as botocore sends it in JSON: seconds since the epoch (a
/// number), or an RFC 3339 string.
#[derive(Clone, Copy, Debug)]
pub struct Time(pub SimTime);

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Number(n) => n
                .as_f64()
                .filter(|s| s.is_finite() && s.abs() < 1e12)
                .map(|s| Time(SimTime(s.floor() as i64)))
                .ok_or_else(|| serde::de::Error::custom(format!("{n} is not a timestamp"))),
            Value::String(s) => SimTime::parse_rfc3339(&s)
                .map(Time)
                .map_err(serde::de::Error::custom),
            other => Err(serde::de::Error::custom(format!(
                "{other} is not a timestamp"
            ))),
        }
    }
}

/// A metric's dimension.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct Dimension {
    pub name: String,
    pub value: String,
}

/// A `ListMetrics` filter: a dimension, with or without its value.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DimensionFilter {
    pub name: String,
    pub value: Option<String>,
}

/// A metric: namespace, name and dimensions.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Metric {
    pub namespace: Option<String>,
    pub metric_name: Option<String>,
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
}

/// `GetMetricStatistics`'s members.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetMetricStatistics {
    pub namespace: String,
    pub metric_name: String,
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
    pub start_time: Time,
    pub end_time: Time,
    pub period: i64,
    #[serde(default)]
    pub statistics: Vec<String>,
    #[serde(default)]
    pub extended_statistics: Vec<String>,
    pub unit: Option<String>,
}

/// One of `GetMetricData`'s queries.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricDataQuery {
    pub id: String,
    pub metric_stat: Option<MetricStat>,
    pub expression: Option<String>,
    pub label: Option<String>,
    pub return_data: Option<bool>,
    pub period: Option<i64>,
    pub account_id: Option<String>,
}

/// A query's metric and how to add it up.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricStat {
    pub metric: Metric,
    pub period: i64,
    pub stat: String,
    pub unit: Option<String>,
}

/// `GetMetricData`'s members.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetMetricData {
    pub metric_data_queries: Vec<MetricDataQuery>,
    pub start_time: Time,
    pub end_time: Time,
    pub next_token: Option<String>,
    pub scan_by: Option<String>,
    pub max_datapoints: Option<i64>,
}

/// `ListMetrics`'s members.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListMetrics {
    pub namespace: Option<String>,
    pub metric_name: Option<String>,
    #[serde(default)]
    pub dimensions: Vec<DimensionFilter>,
    pub next_token: Option<String>,
    pub recently_active: Option<String>,
    pub owning_account: Option<String>,
}

/// The statistics CloudWatch computes over a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Statistic {
    SampleCount,
    Average,
    Sum,
    Minimum,
    Maximum,
}

impl Statistic {
    pub const ALL: [Statistic; 5] = [
        Statistic::SampleCount,
        Statistic::Average,
        Statistic::Sum,
        Statistic::Minimum,
        Statistic::Maximum,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Statistic::SampleCount => "SampleCount",
            Statistic::Average => "Average",
            Statistic::Sum => "Sum",
            Statistic::Minimum => "Minimum",
            Statistic::Maximum => "Maximum",
        }
    }

    /// The statistic `name` names; percentiles and the other extended
    /// statistics are refused: the simulator keeps no distribution within
    /// an hour.
    pub fn parse(name: &str, parameter: &str) -> Result<Statistic, ApiError> {
        Statistic::ALL
            .into_iter()
            .find(|s| s.name() == name)
            .ok_or_else(|| {
                invalid(format!(
                    "The parameter {parameter} must be one of SampleCount, Average, Sum, Minimum, Maximum (cowsim serve computes no extended statistics): {name}"
                ))
            })
    }
}

/// The largest number of datapoints one `GetMetricStatistics` returns.
pub const MAX_STATISTICS_DATAPOINTS: i64 = 1_440;

/// The most datapoints one `GetMetricData` returns, and its default
/// `MaxDatapoints`.
pub const MAX_DATA_DATAPOINTS: i64 = 100_800;

/// The most queries one `GetMetricData` takes.
pub const MAX_QUERIES: usize = 500;

/// A period in seconds: at least 60 and a multiple of 60 (the metrics of
/// `AWS/RDS` are of standard resolution).
pub fn period(seconds: i64, parameter: &str) -> Result<i64, ApiError> {
    if seconds < 60 || seconds % 60 != 0 {
        return Err(invalid(format!(
            "The parameter {parameter} must be a multiple of 60 and at least 60 for metrics of standard resolution: {seconds}"
        )));
    }
    Ok(seconds)
}

/// `[start, end)`, refused unless the start comes first.
pub fn window(start: Time, end: Time) -> Result<(SimTime, SimTime), ApiError> {
    if start.0 >= end.0 {
        return Err(invalid(
            "The parameter StartTime must be less than the parameter EndTime.",
        ));
    }
    Ok((start.0, end.0))
}

/// How many periods of `period` seconds `[start, end)` spans.
pub fn periods(start: SimTime, end: SimTime, period: i64) -> i64 {
    (end.since(start) + period - 1) / period
}

/// A query id: a lower-case letter, then letters, digits and `_`.
pub fn query_id(id: &str) -> Result<(), ApiError> {
    let mut chars = id.chars();
    let first = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    if !first || id.len() > 255 || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(invalid(format!(
            "The value {id} for parameter MetricDataQueries.member.Id is invalid: it must start with a lower-case letter and hold only letters, digits and underscores"
        )));
    }
    Ok(())
}
