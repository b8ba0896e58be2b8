//! What `cowsim serve` holds: a scenario run one step at a time. Every call
//! the endpoint answers becomes a typed step, run by the scenario runner
//! and journaled by writing the step back in the scenario format (`op`,
//! `account`, the parameters as the AWS CLI names them); so the log of a
//! session is a scenario that `cowsim run` replays to the same report
//! (docs/serve.md). A call refused before it changes anything is counted,
//! and not journaled.

use std::path::PathBuf;

use crate::cloud::AccountId;
use crate::cloud::ops::Request;
use crate::cloud::ops::sim::SimOp;
use crate::report::{Report, StepRecord};
use crate::scenario::format::{AccountDecl, MAX_FILE_BYTES, MAX_STEPS};
use crate::scenario::step_text::{params, step_lines};
use crate::scenario::steps::Action;
use crate::scenario::steps::Step;
use crate::scenario::{Diagnostic, Options, Runner, Scenario};
use crate::time::Seconds;

use super::control_error::AdvanceError;
use super::journal::{self, Durable, Fsync, Journal};
use super::request_ids::RequestIds;
use super::start_error::StartError;

/// The scenario a session starts from when none is given: its one
/// declared account is the one callers whose access key id is not an
/// account id are taken for.
pub const DEFAULT_HEADER: &str =
    "name = \"cowsim serve\"\n\n[[accounts]]\nid = \"000000000000\"\nname = \"default\"\n";

/// The line after which a session's own calls follow the scenario it
/// started from.
pub const CALLS_FOLLOW: &str =
    "# cowsim serve: the calls it answered follow, in the order it applied them";

/// A session: the run so far and its text.
pub struct Session {
    runner: Runner<'static>,
    accounts: Vec<AccountDecl>,
    records: Vec<StepRecord>,
    /// The scenario so far, as `GET /_cowsim/scenario` gives it.
    text: String,
    journal: Option<Journal>,
    /// How many records the session's text holds (`journal.rs`).
    sealed: u64,
    /// Where the last record written is durable, when the journal flushes
    /// by group commit: a caller waits for it, without the session, before
    /// it answers.
    durable: Option<Durable>,
    /// What to start again from on `reset`.
    start_text: String,
    /// The most steps and bytes the session may hold ([`Session::full`]).
    capacity: (usize, usize),
    /// Why the state file can't be trusted any more, once a record could
    /// not be written: the call it held was applied here but not recorded,
    /// so no further call is taken, and a restart starts from the file.
    broken: Option<String>,
    /// Calls refused before they changed anything: counted, and not
    /// journaled.
    refused: u64,
    /// The ids its calls are given (`request_ids.rs`).
    request_ids: RequestIds,
    /// Whether the clock follows the wall's (`--speed` above 0), so that
    /// describes needn't move it ([`Session::wait_for`]).
    wall_clock: bool,
}

/// The furthest a call moves the clock by itself (a day): a completion
/// further away waits for `/_cowsim/advance`, which runs in slices, so
/// that no single call meters a long stretch while others wait.
const MAX_WAIT_SECONDS: Seconds = 24 * 3_600;

impl Session {
    /// Starts from `scenario` (its text), running its steps, or, when the
    /// state file already holds a session, from that file: its scenario
    /// and then every call it recorded.
    pub fn start(
        scenario: Option<(String, String)>,
        state: Option<PathBuf>,
        fsync: Fsync,
    ) -> Result<Session, StartError> {
        let (file, text) = scenario.unwrap_or_else(|| ("(default)".into(), DEFAULT_HEADER.into()));
        let start_text = journal::seal(0, &format!("{}\n{CALLS_FOLLOW}\n", text.trim_end()));
        let (journal, text, file) = match state {
            Some(path) => {
                let shown = path.display().to_string();
                let (journal, saved) = Journal::open(path, &start_text, fsync)?;
                (Some(journal), saved, shown)
            }
            None => (None, start_text.clone(), file),
        };
        let mut session = Session::from_text(&file, &text)?;
        session.journal = journal;
        session.start_text = start_text;
        Ok(session)
    }

    /// A session replaying `text`: a scenario, the marker, then calls,
    /// each a sealed record.
    fn from_text(file: &str, text: &str) -> Result<Session, StartError> {
        let sealed = journal::check(file, text)?.records;
        let (head, calls) = text.split_once(CALLS_FOLLOW).unwrap_or((text, ""));
        let scenario = Scenario::parse(file, head).map_err(StartError::Scenario)?;
        let mut runner = Runner::without_steps(&scenario, Options::default());
        let records = scenario.steps.iter().map(|s| runner.step(s)).collect();
        let mut session = Session {
            runner,
            accounts: scenario.accounts.clone(),
            records,
            text: text.to_string(),
            journal: None,
            sealed,
            durable: None,
            start_text: String::new(),
            capacity: (MAX_STEPS, MAX_FILE_BYTES),
            broken: None,
            refused: 0,
            request_ids: RequestIds::new(scenario.seed),
            wall_clock: false,
        };
        for block in blocks(calls) {
            session.replay(file, &block).map_err(StartError::Scenario)?;
        }
        Ok(session)
    }

    /// Replays one recorded block: an account's declaration or a step.
    fn replay(&mut self, file: &str, block: &str) -> Result<(), Diagnostic> {
        let body = block.split_once('\n').map_or("", |(_, b)| b);
        if block.starts_with("[[accounts]]") {
            let id = Scenario::parse_account(file, body)?;
            self.declare(id);
        } else {
            let step = Scenario::parse_step(file, body, &self.accounts, self.records.len())?;
            let record = self.runner.step(&step);
            self.records.push(record);
        }
        Ok(())
    }

    fn declare(&mut self, id: AccountId) {
        if !self.accounts.iter().any(|a| a.id == id) {
            self.accounts.push(AccountDecl { id, name: None });
            self.runner.add_account(id);
        }
    }

    /// Runs `action` as a step from `account`. A step the session refuses
    /// (it is full, or its state file can't be trusted) changes nothing
    /// and is not recorded (the inner error). One the service refuses is
    /// recorded with the error it got (`expect-error`), so that a replay
    /// of the log agrees with the session. The outer error is a failure to
    /// record the call in the state file: it was not answered.
    pub fn call(
        &mut self,
        account: AccountId,
        action: Action,
    ) -> Result<Result<StepRecord, Diagnostic>, std::io::Error> {
        self.run(account, action, &[], false)
    }

    /// As [`Session::call`], after the wait the call implies
    /// (`Session::wait_for`); `accounts` are those the call names, which
    /// exist from then on. A call refused waits for nothing, so that it
    /// changes nothing, the clock included.
    pub fn call_after_waiting(
        &mut self,
        account: AccountId,
        action: Action,
        accounts: &[AccountId],
    ) -> Result<Result<StepRecord, Diagnostic>, std::io::Error> {
        self.run(account, action, accounts, true)
    }

    /// Reads a step of the simulator's own (`write`, `workload`) from
    /// `account` with `params` (lines `key = value`, in TOML), as the
    /// scenario parser reads one: those have no API to be read from. A
    /// step refused is counted.
    pub fn read_step(
        &mut self,
        account: AccountId,
        op: SimOp,
        params: &str,
    ) -> Result<Action, Diagnostic> {
        let mut known = self.accounts.clone();
        if !known.iter().any(|d| d.id == account) {
            known.push(AccountDecl {
                id: account,
                name: None,
            });
        }
        let text = step_lines(op.into(), account, None, params);
        let read = Scenario::parse_step("request", &text, &known, self.records.len());
        if read.is_err() {
            self.count_refused();
        }
        read.map(|step| step.action)
    }

    /// Counts a call refused before it changed anything.
    pub fn count_refused(&mut self) {
        self.refused += 1;
    }

    /// The id of the call that takes the session now, whether it is
    /// applied or refused (`request_ids.rs`).
    pub fn request_id(&mut self) -> String {
        self.request_ids.next(self.records.len() as u64)
    }

    /// How many calls were refused before they changed anything.
    pub fn refused(&self) -> u64 {
        self.refused
    }

    /// [`Session::call`], after the wait when `wait`: the call's accounts
    /// are declared before the wait is recorded.
    fn run(
        &mut self,
        account: AccountId,
        action: Action,
        accounts: &[AccountId],
        wait: bool,
    ) -> Result<Result<StepRecord, Diagnostic>, std::io::Error> {
        let refused = |session: &mut Session, why: String| {
            session.count_refused();
            Ok(Err(Diagnostic::at("request", "", 0..0, why)))
        };
        let broken = self
            .broken
            .clone()
            .or_else(|| Some(self.journal.as_ref()?.failure()?.to_string()));
        if let Some(why) = broken {
            return refused(
                self,
                format!("{why}: no more calls are taken; restart the server from its state file"),
            );
        }
        let Some(params) = params(&action) else {
            return refused(self, "an expect step is a scenario's, not a call".into());
        };
        if let Some(full) = self.full(&params) {
            return refused(self, full);
        }
        let mut new: Vec<AccountId> = Vec::new();
        for &a in std::iter::once(&account).chain(accounts) {
            if !self.accounts.iter().any(|d| d.id == a) && !new.contains(&a) {
                new.push(a);
            }
        }
        let mut block = String::new();
        for &id in &new {
            self.declare(id);
            block.push_str(&format!("\n[[accounts]]\nid = \"{id}\"\n"));
        }
        if wait {
            self.record_text(&block)?;
            block.clear();
            self.wait_for(account, &action)
                .map_err(std::io::Error::other)?;
        }
        let step = Step {
            index: self.records.len(),
            line: 1,
            op: action.op(),
            account,
            expect_error: None,
            note: None,
            action,
        };
        let mut record = self.runner.step(&step);
        let expected = record.error.as_ref().map(|e| e.code.clone());
        if expected.is_some() {
            record.as_expected = true;
            record.surprise = None;
        }
        block.push_str("\n[[steps]]\n");
        block.push_str(&step_lines(step.op, account, expected.as_deref(), &params));
        self.record_text(&block)?;
        self.records.push(record.clone());
        Ok(Ok(record))
    }

    /// Appends recorded text to the session as a sealed record, and to
    /// the state file first.
    fn record_text(&mut self, block: &str) -> std::io::Result<()> {
        if block.is_empty() {
            return Ok(());
        }
        let record = journal::seal(self.sealed, block);
        if let Some(journal) = &mut self.journal {
            match journal.append(&record) {
                Ok(Some(durable)) => self.durable = Some(durable),
                Ok(None) => {}
                Err(e) => {
                    self.broken = Some(format!("the state file could not be written: {e}"));
                    return Err(e);
                }
            }
        }
        self.sealed += 1;
        self.text.push_str(&record);
        Ok(())
    }

    /// Where every record written so far is durable, if a caller must wait
    /// for it before answering: any answer, a read's included, may show
    /// what those records hold.
    pub fn durable(&self) -> Option<Durable> {
        self.durable.clone()
    }

    /// Why a call can't be taken, if the session is full: a session stays
    /// a scenario `cowsim run` reads (at most [`MAX_FILE_BYTES`] and
    /// [`MAX_STEPS`] steps), so that every state file the server can
    /// start from replays. A call adds at most two steps (the wait before
    /// it, and itself), an account's declaration, and its closing lines.
    fn full(&self, params: &str) -> Option<String> {
        const MARGIN: usize = 1024;
        let (steps, most_bytes) = self.capacity;
        let bytes = self.text.len() + params.len() + MARGIN;
        if self.records.len() + 2 <= steps && bytes <= most_bytes {
            return None;
        }
        Some(format!(
            "the session is full: it holds {} steps in {} bytes, and a scenario holds at most \
             {steps} steps in {most_bytes} bytes. Save it (GET /_cowsim/scenario), then reset \
             (POST /moto-api/reset) or start again on a new --state file",
            self.records.len(),
            self.text.len()
        ))
    }

    /// How far the clock moves before a call, recorded as an `advance`
    /// step run as `account` (docs/serve.md, "Time"). Resources show their
    /// transitional states as AWS shows them: a call sees a cluster being
    /// created as `creating`, and AWS's refusals for that state apply.
    /// - A describe of the caller's clusters, instances or snapshots, while
    ///   one of the caller's resources is in transition and the clock
    ///   doesn't follow the wall's, moves the clock to that transition's
    ///   next completion: a waiter's polls see each next state, and
    ///   finish by themselves.
    /// - `create-db-instance` in a cluster being created is accepted, as
    ///   AWS accepts it: the instance is created once its cluster is
    ///   available, so the clock moves to that moment.
    /// - The simulator's own steps (`write`, `workload`, from the control
    ///   routes) wait for every pending creation, copy and deletion.
    ///
    /// No wait is longer than [`MAX_WAIT_SECONDS`].
    fn wait_for(&mut self, account: AccountId, action: &Action) -> Result<(), AdvanceError> {
        let until = match action {
            Action::Aws(Request::DescribeDbClusters(_))
            | Action::Aws(Request::DescribeDbInstances(_))
            | Action::Aws(Request::DescribeDbClusterSnapshots(_)) => {
                if self.wall_clock {
                    None
                } else {
                    self.cloud().next_completion_of(account)
                }
            }
            Action::Aws(Request::CreateDbInstance(r)) => {
                self.cloud().cluster_ready_at(account, &r.cluster)
            }
            Action::Aws(_) => None,
            _ => self.cloud().settled_at(),
        };
        match until {
            Some(t) if t.since(self.now()) <= MAX_WAIT_SECONDS => {
                self.advance_seconds(account, t.since(self.now()))
            }
            _ => Ok(()),
        }
    }

    /// Tells the session that its clock follows the wall's (`--speed`
    /// above 0): a describe then waits for nothing, as time passes anyway.
    pub fn follow_wall_clock(&mut self) {
        self.wall_clock = true;
    }

    /// Moves the clock `seconds` on, if any, as an `advance` step run as
    /// `account`.
    pub fn advance_seconds(
        &mut self,
        account: AccountId,
        seconds: Seconds,
    ) -> Result<(), AdvanceError> {
        if seconds <= 0 {
            return Ok(());
        }
        self.call(account, Action::Advance(seconds))?
            .map(|_| ())
            .map_err(AdvanceError::Refused)
    }

    /// The report of the session now, as `cowsim run --json` gives it,
    /// given copies of its records (taken a slice at a time, so that a
    /// long session's report doesn't hold the session while they are
    /// copied).
    pub fn report_of(&mut self, records: Vec<StepRecord>) -> Report {
        self.runner.report(records)
    }

    /// The records the session holds.
    pub fn records(&self) -> &[StepRecord] {
        &self.records
    }

    /// The session so far, as a scenario that replays it.
    pub fn scenario_text(&self) -> &str {
        &self.text
    }

    /// The account the session's own steps (`advance`) are run as.
    pub fn first_account(&self) -> AccountId {
        self.accounts.first().map_or(AccountId::ZERO, |a| a.id)
    }

    /// The simulated clock.
    pub fn now(&self) -> crate::time::SimTime {
        self.runner.cloud().now()
    }

    /// The control plane, for reading.
    pub fn cloud(&self) -> &crate::cloud::Cloud {
        self.runner.cloud()
    }

    /// The CloudWatch metrics metered so far, for reading.
    pub fn metrics(&self) -> &crate::billing::metrics::Metrics {
        self.runner.metrics()
    }

    /// Starts again from the scenario the session started from, empty of
    /// calls (the state file too).
    pub fn reset(&mut self) -> Result<(), std::io::Error> {
        let fresh =
            Session::from_text("(reset)", &self.start_text).map_err(std::io::Error::other)?;
        if let Some(journal) = &mut self.journal {
            journal.restart(&self.start_text)?;
        }
        let journal = self.journal.take();
        let start_text = std::mem::take(&mut self.start_text);
        let wall_clock = self.wall_clock;
        *self = fresh;
        self.journal = journal;
        self.start_text = start_text;
        self.wall_clock = wall_clock;
        Ok(())
    }
}

/// The recorded blocks of a session's calls: each starts at a line
/// `[[accounts]]` or `[[steps]]`.
fn blocks(calls: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in calls.lines() {
        if line == "[[accounts]]" || line == "[[steps]]" {
            out.push(String::new());
        }
        if let Some(block) = out.last_mut() {
            block.push_str(line);
            block.push('\n');
        }
    }
    // The blank line before each block is the block's own.
    out.into_iter()
        .map(|b| format!("{}\n", b.trim_end()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::CreateCluster;
    use crate::cloud::ops::Request;
    use crate::cloud::ops::rds::DescribeDbClusters;
    use crate::cloud::rds::DbEngine;

    #[test]
    fn a_call_is_journaled_as_its_typed_step_and_replays() {
        let mut session = Session::start(None, None, Fsync::Never).unwrap();
        let create = CreateCluster::new("orders", DbEngine::AuroraMysql, 10);
        let call = |s: &mut Session, r: Request| {
            s.call_after_waiting(AccountId::ZERO, Action::Aws(r), &[])
                .unwrap()
                .unwrap()
        };
        assert!(call(&mut session, Request::CreateDbCluster(create.clone())).ok);
        let again = call(&mut session, Request::CreateDbCluster(create));
        assert_eq!(
            again.error.map(|e| e.code).as_deref(),
            Some("DBClusterAlreadyExistsFault")
        );
        let describe = DescribeDbClusters {
            cluster: None,
            include_shared: false,
            filters: Default::default(),
            max_records: None,
            marker: None,
        };
        call(&mut session, Request::DescribeDbClusters(describe));
        let text = session.scenario_text().to_string();
        assert!(text.contains("data-pages = 10\n"), "{text}");
        assert!(text.contains("expect-error = \"DBClusterAlreadyExistsFault\"\n"));
        assert!(
            !text.contains("include-shared"),
            "defaults are left out: {text}"
        );
        let replayed = Session::from_text("state.toml", &text).unwrap();
        let results = |s: &Session| -> Vec<_> {
            s.records
                .iter()
                .map(|r| (r.op, r.at, r.ok, r.result.clone()))
                .collect()
        };
        assert_eq!(results(&replayed), results(&session));
    }

    #[test]
    fn a_full_session_refuses_calls_and_changes_nothing() {
        let mut session = Session::start(None, None, Fsync::Never).unwrap();
        session.capacity = (2, MAX_FILE_BYTES);
        let advance = |s: &mut Session| s.call(AccountId::ZERO, Action::Advance(1)).unwrap();
        assert!(advance(&mut session).is_ok());
        let before = session.scenario_text().to_string();
        let refused = advance(&mut session).unwrap_err();
        assert!(
            refused.message.starts_with("the session is full"),
            "{}",
            refused.message
        );
        assert_eq!(session.scenario_text(), before);
        assert_eq!(session.refused(), 1);
    }

    /// A filtered describe, its second page and a refused filter are
    /// journaled as steps that replay to the same answers: a marker
    /// depends only on the call it continues.
    #[test]
    fn filtered_pages_are_journaled_and_replay() {
        use crate::cloud::ops::Response;
        use crate::cloud::ops::filters::{Filter, Filters};
        use crate::report::StepResult;
        let mut session = Session::start(None, None, Fsync::Never).unwrap();
        let call = |s: &mut Session, r: Request| {
            s.call_after_waiting(AccountId::ZERO, Action::Aws(r), &[])
                .unwrap()
                .unwrap()
        };
        for i in 0..25 {
            let create = CreateCluster::new(&format!("c-{i:02}"), DbEngine::AuroraMysql, 1);
            assert!(call(&mut session, Request::CreateDbCluster(create)).ok);
        }
        let engine = |name: &str| {
            Filters(vec![Filter {
                name: name.into(),
                values: vec!["aurora-mysql".into(), "aurora-postgresql".into()],
            }])
        };
        let mut describe = DescribeDbClusters {
            cluster: None,
            include_shared: false,
            filters: engine("engine"),
            max_records: Some(20),
            marker: None,
        };
        let first = call(&mut session, Request::DescribeDbClusters(describe.clone()));
        let Some(StepResult::Aws(Response::DescribeDbClusters(page))) = first.result else {
            panic!("a page");
        };
        describe.marker = page.marker;
        assert!(describe.marker.is_some(), "a second page");
        assert!(call(&mut session, Request::DescribeDbClusters(describe.clone())).ok);
        describe.filters = engine("status");
        let refused = call(&mut session, Request::DescribeDbClusters(describe));
        assert_eq!(
            refused.error.map(|e| e.code).as_deref(),
            Some("InvalidParameterValue")
        );
        let text = session.scenario_text().to_string();
        assert!(
            text.contains(
                r#"filters = [{ Name = "engine", Values = ["aurora-mysql", "aurora-postgresql"] }]"#
            ),
            "{text}"
        );
        assert!(text.contains("max-records = 20\n"), "{text}");
        let replayed = Session::from_text("state.toml", &text).unwrap();
        let results = |s: &Session| -> Vec<_> {
            s.records
                .iter()
                .map(|r| (r.op, r.ok, r.result.clone()))
                .collect()
        };
        assert_eq!(results(&replayed), results(&session));
    }
}
