//! Scenarios built in code, so that a test reads as the scenario it runs:
//!
//! ```text
//! scenario("bill").no_jitter().account(OWNER).steps([
//!     create_cluster("db").engine(AuroraMysql).data_gib(1),
//!     advance(hours(3)),
//! ])
//! ```
//!
//! The builder writes the scenario file's TOML (`toml`) and parses it as
//! the simulator does (`parse`), so a built scenario is checked exactly as
//! a bundled one. Tests whose subject is the parser's diagnostics keep
//! their literal text instead.

use cowsim::scenario::Scenario;
use toml::Value;

use super::steps::Step;

/// A scenario under construction: its top-level settings and its steps.
#[derive(Clone, Debug)]
pub struct ScenarioBuilder {
    name: String,
    seed: Option<i64>,
    no_jitter: bool,
    rate_sigma: Option<f64>,
    backup_gb_month: Option<f64>,
    accounts: Vec<(String, Option<String>)>,
    steps: Vec<Step>,
}

/// A scenario named `name`, with no accounts and no steps yet.
pub fn scenario(name: &str) -> ScenarioBuilder {
    ScenarioBuilder {
        name: name.to_string(),
        seed: None,
        no_jitter: false,
        rate_sigma: None,
        backup_gb_month: None,
        accounts: Vec::new(),
        steps: Vec::new(),
    }
}

impl ScenarioBuilder {
    pub fn seed(mut self, seed: i64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// `[latency] jitter = 0`: every call takes its nominal time.
    pub fn no_jitter(mut self) -> Self {
        self.no_jitter = true;
        self
    }

    /// `[uncertainty] rate-sigma`: how much a forecast varies workload rates.
    pub fn rate_sigma(mut self, sigma: f64) -> Self {
        self.rate_sigma = Some(sigma);
        self
    }

    /// `[pricing] backup-gb-month`: backup storage, USD per GB-month.
    pub fn backup_gb_month(mut self, usd: f64) -> Self {
        self.backup_gb_month = Some(usd);
        self
    }

    /// Declares an account by id; steps run as the first one declared.
    pub fn account(mut self, id: &str) -> Self {
        self.accounts.push((id.to_string(), None));
        self
    }

    /// Declares an account that steps may also call by `name`.
    pub fn named_account(mut self, id: &str, name: &str) -> Self {
        self.accounts.push((id.to_string(), Some(name.to_string())));
        self
    }

    pub fn step(mut self, step: Step) -> Self {
        self.steps.push(step);
        self
    }

    pub fn steps(mut self, steps: impl IntoIterator<Item = Step>) -> Self {
        self.steps.extend(steps);
        self
    }

    /// The scenario file's text.
    pub fn toml(&self) -> String {
        let mut text = format!("name = {}\n", Value::from(self.name.as_str()));
        if let Some(seed) = self.seed {
            text.push_str(&format!("seed = {seed}\n"));
        }
        if self.no_jitter {
            text.push_str("[latency]\njitter = 0\n");
        }
        if let Some(sigma) = self.rate_sigma {
            text.push_str(&format!("[uncertainty]\nrate-sigma = {sigma:?}\n"));
        }
        if let Some(usd) = self.backup_gb_month {
            text.push_str(&format!("[pricing]\nbackup-gb-month = {usd:?}\n"));
        }
        for (id, name) in &self.accounts {
            text.push_str(&format!(
                "[[accounts]]\nid = {}\n",
                Value::from(id.as_str())
            ));
            if let Some(name) = name {
                text.push_str(&format!("name = {}\n", Value::from(name.as_str())));
            }
        }
        for step in &self.steps {
            text.push_str(&step.to_string());
        }
        text
    }

    /// The scenario as the simulator reads it; panics with the diagnostic
    /// if the builder wrote something the parser refuses.
    pub fn parse(&self) -> Scenario {
        let file = format!("{}.toml", self.name);
        Scenario::parse(&file, &self.toml()).unwrap_or_else(|d| panic!("{d}\n{}", self.toml()))
    }
}
