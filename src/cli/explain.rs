//! `cowsim explain`: one cluster's (or every live cluster's) pages, by
//! where their versions live and who pays.

use std::process::ExitCode;

use cowsim::cloud::ClusterId;
use cowsim::engine::BillingPolicy;

use super::at::run_until;
use super::error::CliError;
use super::load::load;
use super::output::{print_json, say};
use cowsim::report::explain::{self, Explanation};

#[derive(clap::Args)]
pub struct Args {
    /// The scenario (TOML).
    file: String,
    /// The cluster (identifier or ARN); default: every live cluster.
    #[arg(long, value_name = "ID")]
    cluster: Option<String>,
    /// The state after step N (from 0), or at a time
    /// (2026-01-01T06:00:00Z); default: at the end of the run.
    #[arg(long, value_name = "STEP|TIME")]
    at: Option<String>,
    /// Print the breakdown as JSON.
    #[arg(long)]
    json: bool,
    /// Explain under another billing policy: aurora, shared-equal or
    /// family-equal.
    #[arg(long)]
    policy: Option<BillingPolicy>,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let scenario = load(&args.file)?;
    let cluster = args.cluster.as_deref();
    let (report, cloud) = run_until(&scenario, args.at.as_deref(), args.policy)?;
    let named: Vec<ClusterId> = cloud
        .clusters()
        .iter()
        .filter(|c| {
            cluster.is_none_or(|name| c.identifier() == name || cloud.cluster_arn(c.id()) == name)
        })
        .map(|c| c.id())
        .collect();
    if let Some(name) = cluster
        && named.is_empty()
    {
        let known: Vec<&str> = cloud.clusters().iter().map(|c| c.identifier()).collect();
        return Err(CliError::NoSuchCluster {
            name: name.to_string(),
            known: known.join(", "),
        });
    }
    let mut cache = cowsim::engine::ExplainCache::default();
    let explained: Vec<(ClusterId, Option<Explanation>)> = named
        .iter()
        .map(|&id| {
            (
                id,
                explain::explain(&cloud, &report, &scenario.pricing, id, &mut cache),
            )
        })
        .collect();
    if args.json {
        let all: Vec<&Explanation> = explained.iter().filter_map(|(_, e)| e.as_ref()).collect();
        print_json(&all)?;
        return Ok(ExitCode::SUCCESS);
    }
    for (id, e) in &explained {
        match e {
            Some(e) => say!("{}\n", super::render::explain::render_text(e, &report)),
            None if cluster.is_some() => say!(
                "{} is {} at {}: it sees no pages and is billed nothing.\n\n",
                cloud.cluster(*id).identifier(),
                cloud.cluster(*id).status(),
                report.clock
            ),
            None => {}
        }
    }
    Ok(ExitCode::SUCCESS)
}
