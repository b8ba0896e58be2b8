//! The bill as FOCUS 1.0 (the FinOps Foundation's open billing format), so
//! that FinOps tools read what cowsim charged: one row per account, cluster,
//! kind of charge and period, from the meter's ledger. Columns, units and
//! the compatibility columns are described in docs/report-format.md,
//! "FOCUS export".

use serde::Serialize;

use crate::billing::Pricing;
use crate::billing::ledger::{Charge, Ledger, Line, LineKey};
use crate::cloud::instance_classes::InstanceClass;
use crate::cloud::rds::{DbEngine, StorageType};
use crate::cloud::{AccountId, Cloud};
use crate::engine::BillingPolicy;
use crate::report::Report;
use crate::time::SimTime;

/// One FOCUS row. Field order is column order; `None` is an empty (null)
/// cell.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Row<'a> {
    billed_cost: f64,
    billing_account_id: String,
    billing_account_name: Option<&'a str>,
    billing_currency: &'static str,
    billing_period_start: SimTime,
    billing_period_end: SimTime,
    charge_category: &'static str,
    charge_class: Option<&'static str>,
    charge_description: String,
    charge_frequency: &'static str,
    charge_period_start: SimTime,
    charge_period_end: SimTime,
    commitment_discount_category: Option<&'static str>,
    commitment_discount_id: Option<&'static str>,
    commitment_discount_name: Option<&'static str>,
    commitment_discount_status: Option<&'static str>,
    commitment_discount_type: Option<&'static str>,
    consumed_quantity: f64,
    consumed_unit: &'static str,
    contracted_cost: f64,
    contracted_unit_price: f64,
    effective_cost: f64,
    invoice_issuer_name: &'static str,
    list_cost: f64,
    list_unit_price: f64,
    pricing_category: &'static str,
    pricing_quantity: f64,
    pricing_unit: &'static str,
    provider_name: &'static str,
    publisher_name: &'static str,
    region_id: &'a str,
    region_name: Option<&'static str>,
    resource_id: Option<&'a str>,
    resource_name: Option<&'a str>,
    resource_type: Option<&'static str>,
    service_category: &'static str,
    service_name: &'static str,
    sku_id: &'a str,
    sku_price_id: String,
    sub_account_id: String,
    sub_account_name: Option<&'a str>,
    tags: &'static str,
    availability_zone: Option<&'static str>,
    // Compatibility columns: the pre-release names that the FinOps
    // Foundation's validator 1.0.0 still requires, with the same values.
    invoice_issuer: &'static str,
    provider: &'static str,
    publisher: &'static str,
    #[serde(rename = "ResourceID")]
    resource_id_compat: Option<&'a str>,
    charge_type: &'static str,
    // Provider columns (FOCUS reserves the `x_` prefix for them).
    #[serde(rename = "x_CloneGroupId")]
    clone_group_id: Option<&'a str>,
    #[serde(rename = "x_BillingPolicy")]
    billing_policy: BillingPolicy,
    #[serde(rename = "x_ForecastRun")]
    forecast_run: Option<&'a str>,
}

/// What the rows of one export share.
pub struct Export<'a> {
    pub report: &'a Report,
    pub cloud: &'a Cloud,
    pub ledger: &'a Ledger,
    pub pricing: &'a Pricing,
    /// For a forecast: which of its runs this is (`x_ForecastRun`).
    pub forecast_run: Option<&'a str>,
}

/// The provider's and publisher's name, and the invoice issuer's.
const AWS: &str = "Amazon Web Services";

/// A charge's SKU (AWS's usage type for it, without the region prefix),
/// its unit, its unit price and what the description calls it. An
/// instance's depends on its rate and its cluster's engine.
fn sku(
    charge: Charge,
    rate: Option<(InstanceClass, StorageType)>,
    engine: Option<DbEngine>,
    pricing: &Pricing,
) -> (String, &'static str, f64, String) {
    let fixed = |id: &str, unit, price, what: &str| (id.to_string(), unit, price, what.to_string());
    match (charge, rate) {
        (Charge::Instance, Some((class, storage))) => {
            let price = engine
                .and_then(|e| pricing.instance_hour(class, e, storage))
                .unwrap_or(0.0);
            let iopt = storage == StorageType::IoOptimized;
            if class.is_serverless() {
                let id = if iopt {
                    "Aurora:ServerlessV2IOOptimizedUsage"
                } else {
                    "Aurora:ServerlessV2Usage"
                };
                (
                    id.to_string(),
                    "ACU-Hours",
                    price,
                    "Aurora Serverless v2 ACU-hours".to_string(),
                )
            } else {
                let usage = if iopt {
                    "InstanceUsageIOOptimized"
                } else {
                    "InstanceUsage"
                };
                (
                    format!("{usage}:{}", class.usage_type_name()),
                    "Hours",
                    price,
                    format!("{class} instance-hours"),
                )
            }
        }
        (Charge::Storage, _) => fixed(
            "Aurora:StorageUsage",
            "GB-Mo",
            pricing.storage_gb_month,
            "Aurora Standard storage",
        ),
        (Charge::IoOptimizedStorage, _) => fixed(
            "Aurora:IO-OptimizedStorageUsage",
            "GB-Mo",
            pricing.iopt_storage_gb_month,
            "Aurora I/O-Optimized storage",
        ),
        (Charge::Io, _) => fixed(
            "Aurora:StorageIOUsage",
            "Requests",
            pricing.io_per_million / 1e6,
            "Aurora Standard write I/O requests",
        ),
        (Charge::Backup | Charge::Instance, _) => fixed(
            "Aurora:BackupUsage",
            "GB-Mo",
            pricing.backup_gb_month,
            "Aurora backup storage beyond the free allowance",
        ),
    }
}

/// The export as CSV text, with a header even when nothing was charged.
pub fn render(export: &Export<'_>) -> std::io::Result<Vec<u8>> {
    let ledger = export.ledger;
    let region = export.cloud.region();
    let name_of = |id: AccountId| {
        export
            .report
            .accounts
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| a.name.as_deref())
    };
    let arns: Vec<String> = export
        .cloud
        .clusters()
        .iter()
        .map(|c| export.cloud.cluster_arn(c.id()))
        .collect();
    // A run that metered no hour still gets one row per account, of zero,
    // so that a FinOps tool sees the accounts it covers.
    let nothing: Vec<(LineKey, Line)> = if ledger.lines.is_empty() {
        export
            .report
            .accounts
            .iter()
            .map(|a| ((0, a.id, None, Charge::Storage, None), Line::default()))
            .collect()
    } else {
        Vec::new()
    };
    let lines = ledger.lines.iter().map(|(k, v)| (*k, *v)).chain(nothing);
    let mut w = ::csv::Writer::from_writer(Vec::new());
    for ((period, account, cluster, charge, item), line) in lines {
        let (from, to) = ledger.period(period);
        let (billing_from, billing_to) = from.month();
        let resource = cluster.map(|c| export.cloud.cluster(c));
        let instance = item.map(|(i, _)| &export.cloud.instances()[i.index()]);
        let (sku_id, unit, price, what) = sku(
            charge,
            item.map(|(_, rate)| rate),
            resource.map(|c| c.engine()),
            export.pricing,
        );
        let instance_arn = instance.map(|i| export.cloud.instance_arn(i.id));
        let arn = match &instance_arn {
            Some(a) => Some(a.as_str()),
            None => cluster.map(|c| arns[c.index()].as_str()),
        };
        let description = match (instance, resource) {
            (Some(i), Some(c)) => format!(
                "{what} of DB instance {} in DB cluster {}",
                i.identifier,
                c.identifier()
            ),
            (_, Some(c)) => format!(
                "{what} of DB cluster {} under the {} billing policy",
                c.identifier(),
                export.report.policy
            ),
            (_, None) => format!("{what} of the account's snapshots"),
        };
        let quantity = line.quantity;
        let row = Row {
            billed_cost: line.cost_usd,
            billing_account_id: account.to_string(),
            billing_account_name: name_of(account),
            billing_currency: "USD",
            billing_period_start: billing_from,
            billing_period_end: billing_to,
            charge_category: "Usage",
            charge_class: None,
            charge_description: description,
            charge_frequency: "Usage-Based",
            charge_period_start: from,
            charge_period_end: to,
            commitment_discount_category: None,
            commitment_discount_id: None,
            commitment_discount_name: None,
            commitment_discount_status: None,
            commitment_discount_type: None,
            consumed_quantity: quantity,
            consumed_unit: unit,
            contracted_cost: line.cost_usd,
            contracted_unit_price: price,
            effective_cost: line.cost_usd,
            invoice_issuer_name: AWS,
            list_cost: line.cost_usd,
            list_unit_price: price,
            pricing_category: "Standard",
            pricing_quantity: quantity,
            pricing_unit: unit,
            provider_name: AWS,
            publisher_name: AWS,
            region_id: region,
            region_name: None,
            resource_id: arn,
            resource_name: match instance {
                Some(i) => Some(i.identifier.as_str()),
                None => resource.map(|c| c.identifier()),
            },
            resource_type: match instance {
                Some(_) => Some("DB Instance"),
                None => resource.map(|_| "DB Cluster"),
            },
            service_category: "Databases",
            service_name: "Amazon Relational Database Service",
            sku_id: &sku_id,
            sku_price_id: format!("{region}:{sku_id}"),
            sub_account_id: account.to_string(),
            sub_account_name: name_of(account),
            tags: "{}",
            availability_zone: None,
            invoice_issuer: AWS,
            provider: AWS,
            publisher: AWS,
            resource_id_compat: arn,
            charge_type: "Usage",
            clone_group_id: resource.and_then(|c| c.clone_group_id()),
            billing_policy: export.report.policy,
            forecast_run: export.forecast_run,
        };
        w.serialize(row).map_err(std::io::Error::other)?;
    }
    w.into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// Writes the export to `path`, whole or not at all.
pub fn write(export: &Export<'_>, path: &std::path::Path) -> std::io::Result<()> {
    super::csv::write_all(&[(path.to_path_buf(), render(export)?)])
}
