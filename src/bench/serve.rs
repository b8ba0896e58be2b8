//! `cowsim bench serve`: how many calls a second `cowsim serve` answers
//! over loopback with keep-alive, and their latency, for DescribeDBClusters
//! and RestoreDBClusterToPointInTime. The server is a child process, as a
//! user runs it; the clients are four threads (two per core), each with
//! one kept-alive connection, so that the server always has a request
//! waiting when it finishes one. As a calibration, the same clients time a request the
//! endpoint refuses before it becomes a step (unsigned): the cost of HTTP,
//! the form and the XML alone.
//!
//! The server records its calls in a `--state` file, as a user who keeps
//! a session runs it, and DescribeDBClusters is timed again under each
//! `--fsync` mode, each server with a state file of its own. Given a
//! baseline build (`--baseline`), each mode is timed against it too,
//! alternately, in the same run.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use serde::Serialize;

use super::serve_error::ServeBenchError;
use super::{Benchmark, Scaled};

/// The figures.
#[derive(Clone, Debug, Serialize)]
pub struct ServeBench {
    pub clients: usize,
    pub describe_calls: u64,
    pub describe_calls_per_s: f64,
    pub describe_p50_us: u64,
    pub describe_p99_us: u64,
    pub restore_calls: u64,
    pub restore_calls_per_s: f64,
    pub restore_p50_us: u64,
    pub restore_p99_us: u64,
    /// Unsigned requests, refused before they become steps.
    pub refused_calls_per_s: f64,
    /// DescribeDBClusters under each `--fsync` mode, this build's server
    /// and, when given, the baseline's, alternately.
    pub describe_by_fsync: Vec<FsyncRun>,
}

/// DescribeDBClusters against one server, recording to a state file
/// under one `--fsync` mode.
#[derive(Clone, Debug, Serialize)]
pub struct FsyncRun {
    /// `this` build, or the `baseline`.
    pub build: String,
    pub fsync: String,
    pub calls: u64,
    pub calls_per_s: f64,
    pub p50_us: u64,
    pub p99_us: u64,
}

/// The sizes, and the build to compare with.
#[derive(Clone, Debug)]
pub struct Config {
    pub scale: Scale,
    /// A `cowsim` binary whose server is timed beside this one's.
    pub baseline: Option<PathBuf>,
}

/// How many calls to time.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    pub describes: u64,
    pub restores: u64,
    /// Describes timed under each `--fsync` mode and build, half in each
    /// of two runs.
    pub fsync_describes: u64,
}

impl Scaled for Scale {
    const FULL: Scale = Scale {
        describes: 40_000,
        restores: 2_000,
        fsync_describes: 8_000,
    };
    const QUICK: Scale = Scale {
        describes: 2_000,
        restores: 200,
        fsync_describes: 800,
    };
}

/// The `--fsync` modes timed, the default (`batch`) among them.
const FSYNC_MODES: [&str; 3] = ["always", "batch", "never"];

impl Benchmark for Config {
    type Figures = ServeBench;
    type Error = ServeBenchError;

    fn measurements(&self) -> u64 {
        5 + FSYNC_MODES.len() as u64 * 2 * (1 + u64::from(self.baseline.is_some()))
    }

    fn measure(&self, progress: impl FnMut(&str)) -> Result<ServeBench, Self::Error> {
        run(self, progress)
    }

    fn render_text(figures: &ServeBench) -> String {
        render_text(figures)
    }
}

const CLIENTS: usize = 4;

/// Clones a restore account holds besides its source (the quota is 40).
const CLONES_PER_ACCOUNT: u64 = 39;

/// A running `cowsim serve` recording to a state file of its own, killed
/// (and its state file removed) when dropped.
struct Server {
    child: Child,
    url: String,
    state: PathBuf,
}

impl Server {
    /// This build's server, with the default `--fsync`.
    fn start() -> Result<Server, ServeBenchError> {
        let exe = std::env::current_exe().map_err(ServeBenchError::Exe)?;
        Server::start_with(&exe, None)
    }

    /// `exe`'s server, under `fsync` if given.
    fn start_with(exe: &Path, fsync: Option<&str>) -> Result<Server, ServeBenchError> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static SERVERS: AtomicU32 = AtomicU32::new(0);
        let state = std::env::temp_dir().join(format!(
            "cowsim-bench-serve-{}-{}.toml",
            std::process::id(),
            SERVERS.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_file(&state);
        let mut args = vec!["serve".to_string(), "--listen".into(), "127.0.0.1:0".into()];
        args.extend(["--state".to_string(), state.display().to_string()]);
        if let Some(mode) = fsync {
            args.extend(["--fsync".to_string(), mode.to_string()]);
        }
        let mut child = Command::new(exe)
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(ServeBenchError::Spawn)?;
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            let _ = BufReader::new(out).read_line(&mut line);
        }
        let url = line
            .split("listening on ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .map(str::to_string);
        match url {
            Some(url) => Ok(Server { child, url, state }),
            None => {
                let _ = child.kill();
                let _ = child.wait();
                Err(ServeBenchError::NotStarted(line))
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.state);
    }
}

/// A client of the endpoint, signed as an account (the signature itself
/// is not checked).
struct Client {
    agent: ureq::Agent,
    url: String,
}

impl Client {
    fn new(url: &str) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build();
        Client {
            agent: config.into(),
            url: url.to_string(),
        }
    }

    /// Posts a query-protocol form as `account` (unsigned when `None`);
    /// the status.
    fn rds(&self, account: Option<&str>, form: &str) -> Result<u16, ServeBenchError> {
        let mut request = self
            .agent
            .post(&self.url)
            .header("content-type", "application/x-www-form-urlencoded");
        if let Some(a) = account {
            request = request.header(
                "authorization",
                format!("AWS4-HMAC-SHA256 Credential={a}/20260101/us-east-1/rds/aws4_request, SignedHeaders=host, Signature=0"),
            );
        }
        let mut response = request.send(form)?;
        let status = response.status().as_u16();
        response.body_mut().read_to_string()?;
        Ok(status)
    }

    /// Posts a control route's JSON body.
    fn control(&self, path: &str, body: &str) -> Result<(), ServeBenchError> {
        let url = format!("{}{path}", self.url);
        let mut response = self
            .agent
            .post(&url)
            .header("content-type", "application/json")
            .send(body)?;
        let _ = response.body_mut().read_to_string();
        match response.status().as_u16() {
            200 => Ok(()),
            status => Err(ServeBenchError::Control {
                path: path.to_string(),
                status,
            }),
        }
    }
}

const DESCRIBE: &str = "Action=DescribeDBClusters&Version=2014-10-31";

const CREATE: &str =
    "Action=CreateDBCluster&Version=2014-10-31&DBClusterIdentifier=orders&Engine=aurora-mysql";

/// Times `calls` calls spread over the client threads; each thread's
/// `call(client, thread, i)` makes its i-th. Calls per second, p50, p99.
fn timed(
    url: &str,
    calls: u64,
    call: impl Fn(&Client, usize, u64) -> Result<u16, ServeBenchError> + Sync,
) -> Result<(f64, u64, u64), ServeBenchError> {
    let per_thread = calls / CLIENTS as u64;
    let start = Instant::now();
    let histograms: Vec<Result<Histogram<u64>, ServeBenchError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..CLIENTS)
            .map(|t| {
                let call = &call;
                scope.spawn(move || {
                    let client = Client::new(url);
                    let mut h = Histogram::<u64>::new(3)?;
                    for i in 0..per_thread {
                        let began = Instant::now();
                        match call(&client, t, i)? {
                            200 | 400 | 403 => {}
                            s => return Err(ServeBenchError::Status(s)),
                        }
                        let us = began.elapsed().as_micros() as u64;
                        h.record(us.max(1))?;
                    }
                    Ok(h)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(ServeBenchError::ClientThread))
            })
            .collect()
    });
    let seconds = start.elapsed().as_secs_f64();
    let mut all = Histogram::<u64>::new(3)?;
    for h in histograms {
        all.add(h?)?;
    }
    Ok((
        (per_thread * CLIENTS as u64) as f64 / seconds,
        all.value_at_quantile(0.5),
        all.value_at_quantile(0.99),
    ))
}

/// Measures every figure; `progress` is told what is measured next.
pub fn run(config: &Config, mut progress: impl FnMut(&str)) -> Result<ServeBench, ServeBenchError> {
    let scale = config.scale;
    progress("the server starting, and one cluster to describe");
    let server = Server::start()?;
    let setup = Client::new(&server.url);
    setup.rds(Some("111111111111"), CREATE)?;
    progress("unsigned requests (the calibration)");
    let (refused_calls_per_s, _, _) = timed(&server.url, scale.describes, |c, _, _| {
        c.rds(None, DESCRIBE)
    })?;
    progress("DescribeDBClusters");
    let (describe_calls_per_s, describe_p50_us, describe_p99_us) =
        timed(&server.url, scale.describes, |c, _, _| {
            c.rds(Some("111111111111"), DESCRIBE)
        })?;
    // Restores: each client thread restores in its own accounts, each a
    // source with an instance and up to 39 clones (the cluster quota).
    progress("sources for the restores");
    let per_thread = scale.restores / CLIENTS as u64;
    let accounts_per_thread = per_thread.div_ceil(CLONES_PER_ACCOUNT);
    let account = |t: usize, k: u64| format!("{}", 200_000_000_000 + t as u64 * 1_000 + k);
    for t in 0..CLIENTS {
        for k in 0..accounts_per_thread {
            let a = account(t, k);
            setup.rds(Some(&a), "Action=CreateDBCluster&Version=2014-10-31&DBClusterIdentifier=source&Engine=aurora-mysql&Tags.Tag.1.Key=cowsim%3Adata-gib&Tags.Tag.1.Value=100")?;
            setup.rds(Some(&a), "Action=CreateDBInstance&Version=2014-10-31&DBInstanceIdentifier=source-1&DBClusterIdentifier=source&DBInstanceClass=db.r6g.large&Engine=aurora-mysql")?;
        }
    }
    setup.control("/_cowsim/advance", "{\"duration\": \"1h\"}")?;
    progress("RestoreDBClusterToPointInTime");
    let (restore_calls_per_s, restore_p50_us, restore_p99_us) = timed(
        &server.url,
        scale.restores,
        |c, t, i| {
            let a = account(t, i / CLONES_PER_ACCOUNT);
            let form = format!(
                "Action=RestoreDBClusterToPointInTime&Version=2014-10-31&SourceDBClusterIdentifier=source&DBClusterIdentifier=clone-{i}&RestoreType=copy-on-write&UseLatestRestorableTime=true"
            );
            match c.rds(Some(&a), &form)? {
                200 => Ok(200),
                status => Err(ServeBenchError::Restore {
                    index: i,
                    account: a,
                    status,
                }),
            }
        },
    )?;
    drop(server);
    let this = std::env::current_exe().map_err(ServeBenchError::Exe)?;
    let mut builds = vec![("this", this.as_path())];
    if let Some(baseline) = &config.baseline {
        builds.push(("baseline", baseline.as_path()));
    }
    let mut describe_by_fsync = Vec::new();
    // Twice each, in the order this, baseline, baseline, this: a server
    // started right after another's state file was written and removed
    // meets a busier disk, and this way both builds meet it alike.
    let twice: Vec<_> = builds.iter().chain(builds.iter().rev()).copied().collect();
    let calls = scale.fsync_describes / 2;
    for fsync in FSYNC_MODES {
        for &(build, exe) in &twice {
            progress(&format!(
                "DescribeDBClusters, --fsync {fsync}, {build} build"
            ));
            let server = Server::start_with(exe, Some(fsync))?;
            Client::new(&server.url).rds(Some("111111111111"), CREATE)?;
            let (calls_per_s, p50_us, p99_us) = timed(&server.url, calls, |c, _, _| {
                c.rds(Some("111111111111"), DESCRIBE)
            })?;
            describe_by_fsync.push(FsyncRun {
                build: build.into(),
                fsync: fsync.into(),
                calls,
                calls_per_s,
                p50_us,
                p99_us,
            });
        }
    }
    Ok(ServeBench {
        clients: CLIENTS,
        describe_by_fsync,
        describe_calls: scale.describes,
        describe_calls_per_s,
        describe_p50_us,
        describe_p99_us,
        restore_calls: scale.restores,
        restore_calls_per_s,
        restore_p50_us,
        restore_p99_us,
        refused_calls_per_s,
    })
}

/// The figures beside their targets.
pub fn render_text(b: &ServeBench) -> String {
    let rows = [(
        "describe_calls_per_s",
        format!("{:.0}", b.describe_calls_per_s),
        ">= 5000",
        b.describe_calls_per_s >= 5000.0,
    )];
    let mut out = super::targets_table(&rows);
    out.push_str(&format!(
        "\n{} clients over loopback with keep-alive, against `cowsim serve` in its own process:\n\
         DescribeDBClusters: {} calls, {:.0} a second, p50 {} µs, p99 {} µs\n\
         RestoreDBClusterToPointInTime (copy-on-write of a 100 GiB source): {} calls, {:.0} a second, p50 {} µs, p99 {} µs\n\
         calibration, unsigned requests refused before they become steps: {:.0} a second\n",
        b.clients,
        b.describe_calls,
        b.describe_calls_per_s,
        b.describe_p50_us,
        b.describe_p99_us,
        b.restore_calls,
        b.restore_calls_per_s,
        b.restore_p50_us,
        b.restore_p99_us,
        b.refused_calls_per_s,
    ));
    out.push_str("\nDescribeDBClusters recording to a state file, by --fsync mode:\n");
    for r in &b.describe_by_fsync {
        out.push_str(&format!(
            "  --fsync {:<6} {:<8} build: {} calls, {:.0} a second, p50 {} µs, p99 {} µs\n",
            r.fsync, r.build, r.calls, r.calls_per_s, r.p50_us, r.p99_us
        ));
    }
    out
}
