//! What `cowsim serve` holds: a scenario run one step at a time. Every call
//! the endpoint answers becomes a step, written in the scenario format
//! (`op`, `account`, the parameters as the AWS CLI names them), parsed by
//! the scenario parser and run by the scenario runner; so the log of a
//! session is a scenario that `cowsim run` replays to the same report
//! (README, "Use it from the AWS CLI or boto3").

use std::path::PathBuf;

use crate::cloud::AccountId;
use crate::cloud::ops::sim::SimOp;
use crate::report::{Report, StepRecord};
use crate::scenario::format::{AccountDecl, MAX_FILE_BYTES, MAX_STEPS, Step};
use crate::scenario::{Diagnostic, Options, Runner, Scenario};

use super::StartError;
use super::journal::{self, Durable, Fsync, Journal};

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
}

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

    /// Runs a call as a step of `op` from `account` with `params` (lines
    /// `key = value`, in TOML); `accounts` are those it names, which exist
    /// from then on. A step the scenario parser refuses changes nothing
    /// and is not recorded (the inner error). One the service refuses is
    /// recorded with the error it got (`expect-error`), so that a replay
    /// of the log agrees with the session. The outer error is a failure to
    /// record the call in the state file: it was not answered.
    pub fn call(
        &mut self,
        account: AccountId,
        op: &str,
        params: &str,
        accounts: &[AccountId],
    ) -> Result<Result<StepRecord, Diagnostic>, std::io::Error> {
        self.run(account, op, params, accounts, false)
    }

    /// As [`Session::call`], after the caller has waited for what it
    /// started (`Session::settle`); a call refused as it is read waits
    /// for nothing, so that it changes nothing, the clock included.
    pub fn call_after_waiting(
        &mut self,
        account: AccountId,
        op: &str,
        params: &str,
        accounts: &[AccountId],
    ) -> Result<Result<StepRecord, Diagnostic>, std::io::Error> {
        self.run(account, op, params, accounts, true)
    }

    /// [`Session::call`], after the wait when `wait`: the call is read once,
    /// and its accounts declared before the wait is recorded.
    fn run(
        &mut self,
        account: AccountId,
        op: &str,
        params: &str,
        accounts: &[AccountId],
        wait: bool,
    ) -> Result<Result<StepRecord, Diagnostic>, std::io::Error> {
        let broken = self
            .broken
            .clone()
            .or_else(|| Some(self.journal.as_ref()?.failure()?.to_string()));
        if let Some(why) = broken {
            return Ok(Err(Diagnostic::at(
                "request",
                "",
                0..0,
                format!("{why}: no more calls are taken; restart the server from its state file"),
            )));
        }
        if let Some(full) = self.full(params) {
            return Ok(Err(full));
        }
        let (mut step, new) = match self.parse(account, op, params, accounts) {
            Ok(parsed) => parsed,
            Err(d) => return Ok(Err(d)),
        };
        let mut block = String::new();
        for &id in &new {
            self.declare(id);
            block.push_str(&format!("\n[[accounts]]\nid = \"{id}\"\n"));
        }
        if wait {
            self.record_text(&block)?;
            block.clear();
            self.settle(account).map_err(std::io::Error::other)?;
            step.index = self.records.len();
        }
        let mut record = self.runner.step(&step);
        let expected = record.error.as_ref().map(|e| e.code.clone());
        if expected.is_some() {
            record.as_expected = true;
            record.surprise = None;
        }
        block.push_str(&format!(
            "\n[[steps]]\n{}{params}",
            step_head(op, account, expected.as_deref())
        ));
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
    fn full(&self, params: &str) -> Option<Diagnostic> {
        const MARGIN: usize = 1024;
        let (steps, most_bytes) = self.capacity;
        let bytes = self.text.len() + params.len() + MARGIN;
        if self.records.len() + 2 <= steps && bytes <= most_bytes {
            return None;
        }
        Some(Diagnostic::at(
            "request",
            "",
            0..0,
            format!(
                "the session is full: it holds {} steps in {} bytes, and a scenario holds at most \
                 {steps} steps in {most_bytes} bytes. Save it (GET /_cowsim/scenario), then reset \
                 (POST /moto-api/reset) or start again on a new --state file",
                self.records.len(),
                self.text.len()
            ),
        ))
    }

    /// A call read as the next step, and the accounts it would declare.
    fn parse(
        &self,
        account: AccountId,
        op: &str,
        params: &str,
        accounts: &[AccountId],
    ) -> Result<(Step, Vec<AccountId>), Diagnostic> {
        let mut new: Vec<AccountId> = Vec::new();
        for &a in std::iter::once(&account).chain(accounts) {
            if !self.accounts.iter().any(|d| d.id == a) && !new.contains(&a) {
                new.push(a);
            }
        }
        let mut known = self.accounts.clone();
        known.extend(new.iter().map(|&id| AccountDecl { id, name: None }));
        let head = step_head(op, account, None);
        let step = Scenario::parse_step(
            "request",
            &format!("{head}{params}"),
            &known,
            self.records.len(),
        )?;
        Ok((step, new))
    }

    /// Between calls, the caller waits for what it started: a call starts
    /// once every pending creation, copy and deletion has completed, so
    /// that a script's `create-db-instance` after `create-db-cluster`
    /// finds the cluster available, and waiters complete on their first
    /// poll. The wait is recorded as an `advance` step, run as `account`.
    /// (A call's own answer still shows what it started as `creating`.)
    fn settle(&mut self, account: AccountId) -> Result<(), String> {
        let Some(ready) = self.cloud().settled_at() else {
            return Ok(());
        };
        self.advance_seconds(account, ready.since(self.now()))
    }

    /// Moves the clock `seconds` on, if any, as an `advance` step run as
    /// `account`.
    pub fn advance_seconds(&mut self, account: AccountId, seconds: i64) -> Result<(), String> {
        if seconds <= 0 {
            return Ok(());
        }
        let line = format!("duration = \"{seconds}s\"\n");
        match self.call(account, SimOp::Advance.name(), &line, &[]) {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(d)) => Err(d.message),
            Err(e) => Err(e.to_string()),
        }
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
        *self = fresh;
        self.journal = journal;
        self.start_text = start_text;
        Ok(())
    }
}

/// The first lines of a step: its op, account and expected error.
fn step_head(op: &str, account: AccountId, expect_error: Option<&str>) -> String {
    let value = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut head = format!(
        "op = {}\naccount = {}\n",
        value(op),
        value(&account.to_string())
    );
    if let Some(code) = expect_error {
        head.push_str(&format!("expect-error = {}\n", value(code)));
    }
    head
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

    #[test]
    fn a_full_session_refuses_calls_and_changes_nothing() {
        let mut session = Session::start(None, None, Fsync::Never).unwrap();
        session.capacity = (2, MAX_FILE_BYTES);
        let advance = |s: &mut Session| {
            s.call(AccountId::ZERO, "advance", "duration = \"1s\"\n", &[])
                .unwrap()
        };
        assert!(advance(&mut session).is_ok());
        let before = session.scenario_text().to_string();
        let refused = advance(&mut session).unwrap_err();
        assert!(
            refused.message.starts_with("the session is full"),
            "{}",
            refused.message
        );
        assert_eq!(session.scenario_text(), before);
    }
}
