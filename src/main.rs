//! The `cowsim` command line: parses arguments, calls the library, renders,
//! and sets the exit status (0 success, 1 an expectation failed, 2 refused).

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cowsim::bench::engine::{self, Scale};

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
    /// Measure the simulator itself.
    Bench {
        #[command(subcommand)]
        which: Bench,
    },
}

#[derive(Subcommand)]
enum Bench {
    /// The volume engine's speed and memory against its design targets.
    Engine {
        /// A smaller run (under 30 s) instead of the sizes the targets name.
        #[arg(long)]
        quick: bool,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Bench {
            which: Bench::Engine { quick, json },
        } => {
            let scale = if quick { Scale::QUICK } else { Scale::FULL };
            let figures = engine::run(scale, |step| {
                if !json {
                    eprintln!("measuring {step}...");
                }
            });
            if json {
                match serde_json::to_string_pretty(&figures) {
                    Ok(text) => println!("{text}"),
                    Err(e) => {
                        eprintln!("error: {e}");
                        return ExitCode::FAILURE;
                    }
                }
            } else {
                print!("{}", engine::render_text(&figures));
            }
            ExitCode::SUCCESS
        }
    }
}
