//! `cowsim`: a page-level copy-on-write storage simulator and cost model of
//! Amazon Aurora cloning.
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
pub mod stats;
pub mod time;
pub mod workload;
