//! `cowsim`: a page-level copy-on-write storage simulator and cost model of
//! Amazon Aurora cloning, cross-account cloning through AWS RAM included.
//!
//! The `cowsim` command runs scenario files against a simulated AWS control
//! plane ([`scenario`], [`cloud`]) over the volume [`engine`], meters every
//! simulated hour ([`billing`]), and reports who pays for which page
//! versions ([`report`]); it also forecasts ([`forecast`]), answers the AWS
//! CLI and SDKs ([`serve`]) and imports a fleet's AWS CLI output
//! ([`import`]).
//!
//! # Documentation
//!
//! The repository's `docs/` folder, beside this crate's `src/`, says what
//! is simulated and how to use it (`README.md` is the tour):
//!
//! - `docs/model.md`: the storage and billing model: pages, layers,
//!   clones, snapshots, who sees which version, the billing policies,
//!   metering and sampling.
//! - `docs/aws-behaviour.md`: every AWS rule the control plane enforces,
//!   its error code and the public AWS page it comes from.
//! - `docs/scenarios.md`: the scenario file: every op and its parameters,
//!   `expect`, the pricing, latency and billing tables, limits.
//! - `docs/report-format.md`: every field of the JSON report, the
//!   forecast, `explain`, the FOCUS columns and the HTML page.
//! - `docs/forecast.md`: forecasts, sharding over a batch scheduler,
//!   merging, sampling.
//! - `docs/serve.md`: `cowsim serve`: services, routes, time, the session
//!   and its state file, limits.
//! - `docs/import-export.md`: exporting a fleet, `cowsim import`, and the
//!   HTML, CSV and FOCUS outputs.
//! - `docs/design.md`: how it is built: the module map, typed operations,
//!   control plane, clock, meter, report and the volume engine.
//! - `docs/benchmarks.md`: `cowsim bench` and `cargo bench`: what each
//!   measures, and the latest figures.
//!
//! # The volume engine
//!
//! The [`engine`] tracks which page versions every volume of a clone family
//! sees, who wrote each, and who pays for it:
//!
//! ```
//! use cowsim::engine::{BillingPolicy, Engine, PageSet, PageSize};
//!
//! // The Aurora guide's worked example: a source of 1,000 pages; its clone
//! // changes 100 of them.
//! let mut engine = Engine::new();
//! let source = engine.create_volume(PageSize::K16, 1_000).unwrap();
//! let clone = engine.clone_volume(source).unwrap();
//! engine.write(clone, &PageSet::range(0..100)).unwrap();
//! let usage = engine.accounting();
//! let owned = |v| usage.volume(v).unwrap().owned_pages.get(BillingPolicy::Aurora);
//! assert_eq!((owned(source), owned(clone)), (1_000.0, 100.0));
//!
//! // Delete the source: the clone pays for the 900 pages it still sees.
//! engine.delete_volume(source).unwrap();
//! let usage = engine.accounting();
//! assert_eq!(usage.volume(clone).unwrap().owned_pages.get(BillingPolicy::Aurora), 1_000.0);
//! ```

// Unit tests may unwrap freely; the rest of the crate states its invariants
// (Cargo.toml, [lints.clippy]).
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod bench;
pub mod billing;
pub mod cloud;
pub mod engine;
pub mod forecast;
pub mod import;
pub mod latency;
pub mod names;
pub mod render;
pub mod report;
pub mod sampling;
pub mod scenario;
pub mod serve;
pub mod shown;
pub mod stats;
pub mod time;
pub mod workload;
