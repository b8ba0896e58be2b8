//! The `cowsim` command line: parses arguments, calls the library, renders,
//! and sets the exit status (0 success, 1 an expectation failed, 2 the
//! input was refused). Each subcommand lives in its own module of `cli`.

mod cli;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use cli::{bench, demo, error, explain, forecast, import, run, serve, tree};

#[derive(Parser)]
#[command(
    name = "cowsim",
    version,
    about = "Copy-on-write storage simulator and cost model of Amazon Aurora cloning"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario file: the step log, then clusters and costs.
    Run(run::Args),
    /// Run the bundled story: share a cluster with another account, clone
    /// it, diverge, delete the source, split the bill.
    Demo(demo::Args),
    /// Run a scenario many times with independent seeds, in parallel, and
    /// report the spread of its costs (P10 / P50 / P90 / mean).
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Forecast(forecast::Args),
    /// Draw the clone tree: every cluster under its source, with its
    /// account, status, how it was made, its clone group, its pages and
    /// what it is billed; snapshots as leaves.
    Tree(tree::Args),
    /// Write a scenario from the JSON the AWS CLI prints about a fleet
    /// (describe-db-clusters, describe-db-instances,
    /// describe-db-cluster-snapshots, RAM get-resource-shares,
    /// list-resources, list-principals, KMS describe-key, get-key-policy,
    /// CloudWatch get-metric-data), in one or several accounts; each file
    /// is recognised by its top-level key. scripts/export-fleet.sh writes
    /// them.
    Import(import::Args),
    /// Explain why a cluster is billed what it is: its pages by where
    /// their versions live, who else sees them, who pays and its share.
    Explain(explain::Args),
    /// Answer the AWS CLI and SDKs (RDS, RAM, KMS, STS, CloudWatch) as AWS would,
    /// each call a step of a scenario, with the bill at /_cowsim/report.
    Serve(serve::Args),
    /// Measure the simulator itself.
    Bench(bench::Args),
}

fn main() -> ExitCode {
    error::exit_status(match Cli::parse().command {
        Command::Run(args) => run::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Forecast(args) => forecast::run(args),
        Command::Tree(args) => tree::run(args),
        Command::Import(args) => import::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Bench(args) => bench::run(args),
    })
}
