//! The state file (`--state FILE`, docs/serve.md): the session as a
//! scenario that `cowsim run` reads, written as a sequence of records.
//! Record 0 is the scenario the session started from; each later one is
//! what one answered call added (an account's declaration, a step). Every
//! record ends with a comment line that numbers it and carries the CRC-32
//! of its text, so damage is found rather than replayed:
//!
//! ```text
//! [[steps]]
//! op = "describe-db-clusters"
//! account = "111111111111"
//! # record 7 crc32 5d1f0c3a
//! ```
//!
//! A record is written with one `write` before its call is answered. A
//! last record without its closing line was cut short, so its call was
//! never answered: it is dropped, with a warning. Any other damage (a
//! checksum that doesn't match, a record out of sequence) refuses the
//! start, naming the file, the line and the record.
//!
//! How soon a record is durable is `--fsync`'s choice ([`Fsync`]).

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use super::start_error::StartError;
use crate::names::named_enum;

named_enum! {
    /// When an answered call reaches the disk itself, not only the
    /// kernel's cache. A process killed at any moment (SIGKILL) loses no
    /// answered call whatever the choice, since the kernel holds what was
    /// written; the choice matters when the machine loses power.
    pub enum Fsync ("fsync mode") {
        /// Each record is flushed to disk before its call is answered:
        /// nothing answered is lost, at the cost of a disk flush a call.
        Always = "always",
        /// Group commit: a call is answered once a flush that covers its
        /// record has completed; one flush covers every record written
        /// while the one before it ran. Nothing answered is lost, and a
        /// busy server flushes far less often than once a call.
        Batch = "batch",
        /// Never flushed by cowsim: the kernel writes in its own time, and
        /// a power failure may lose the last few seconds of answered calls.
        Never = "never",
    }
}

/// The closing line of record `n` whose text is `text`.
fn closing_line(n: u64, text: &str) -> String {
    format!(
        "# record {n} crc32 {:08x}\n",
        crc32fast::hash(text.as_bytes())
    )
}

/// Record `n`: `text` and its closing line.
pub fn seal(n: u64, text: &str) -> String {
    format!("{text}{}", closing_line(n, text))
}

/// What a state file holds once checked.
#[derive(Debug, PartialEq)]
pub struct Checked {
    /// How many bytes of it are whole records.
    pub len: usize,
    /// How many whole records.
    pub records: u64,
}

/// Checks a state file's `text`, named `file` in messages: its whole
/// records, or why it can't be trusted. A torn last record is left out of
/// [`Checked::len`].
pub fn check(file: &str, text: &str) -> Result<Checked, StartError> {
    let mut start = 0;
    let mut records = 0u64;
    let mut record_line = 1;
    let mut at = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let line_start = at;
        at += line.len();
        let Some(rest) = line.strip_prefix("# record ") else {
            continue;
        };
        let body = &text[start..line_start];
        let sealed = rest
            .trim_end()
            .split_once(" crc32 ")
            .filter(|(n, _)| n.parse::<u64>() == Ok(records))
            .is_some_and(|(_, crc)| {
                u32::from_str_radix(crc, 16) == Ok(crc32fast::hash(body.as_bytes()))
            });
        if !sealed || !line.ends_with('\n') {
            return Err(StartError::Damaged {
                file: file.into(),
                record: records,
                first: record_line,
                last: number + 1,
            });
        }
        records += 1;
        start = at;
        record_line = number + 2;
    }
    if records == 0 {
        return Err(StartError::NotAStateFile { file: file.into() });
    }
    Ok(Checked {
        len: start,
        records,
    })
}

/// What the group-commit flusher and the writers know of the file.
#[derive(Default)]
struct Flushed {
    /// Records written to the file.
    written: u64,
    /// Records known to be on disk.
    on_disk: u64,
    /// A flush failed: nothing written since can be trusted to be on disk.
    failed: bool,
    /// The journal is gone: the flusher stops once it has flushed the rest.
    closed: bool,
}

/// What the group-commit flusher shares with the writers.
struct Flusher {
    file: File,
    state: Mutex<Flushed>,
    wake: Condvar,
}

impl Flusher {
    fn state(&self) -> std::sync::MutexGuard<'_, Flushed> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Flushes whatever has been written, one flush at a time, until the
    /// journal is closed and everything written is on disk.
    fn run(&self) {
        loop {
            let target = {
                let mut state = self.state();
                while state.written == state.on_disk && !state.failed && !state.closed {
                    state = self
                        .wake
                        .wait(state)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                if state.failed || state.written == state.on_disk {
                    return;
                }
                state.written
            };
            let flushed = self.file.sync_data().is_ok();
            let mut state = self.state();
            if flushed {
                state.on_disk = state.on_disk.max(target);
            } else {
                state.failed = true;
            }
            self.wake.notify_all();
        }
    }

    /// Waits until record `n` (counted from 1) is on disk.
    fn wait(&self, n: u64) -> std::io::Result<()> {
        let mut state = self.state();
        while state.on_disk < n && !state.failed {
            state = self
                .wake
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        if state.failed {
            return Err(std::io::Error::other(
                "the state file could not be flushed to disk",
            ));
        }
        Ok(())
    }
}

/// A state file open for appending.
pub struct Journal {
    file: File,
    fsync: Fsync,
    flusher: Option<Arc<Flusher>>,
    written: u64,
    /// The bytes of whole records: what a failed append is cut back to.
    len: u64,
}

/// A point a caller waits for before its answer: the journal's records up
/// to it are on disk ([`Fsync::Batch`]).
#[derive(Clone)]
pub struct Durable {
    flusher: Arc<Flusher>,
    records: u64,
}

impl Durable {
    /// Blocks until the records are on disk.
    pub fn wait(&self) -> std::io::Result<()> {
        self.flusher.wait(self.records)
    }
}

impl Journal {
    /// Opens the state file at `path`, creating it with `start` (record 0,
    /// sealed) when it is missing or empty; returns it and the whole
    /// records it holds, having cut off a torn last one.
    pub fn open(path: PathBuf, start: &str, fsync: Fsync) -> Result<(Journal, String), StartError> {
        let shown = path.display().to_string();
        let failed = |source| StartError::StateFile {
            file: shown.clone(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(failed)?;
        let mut text = String::new();
        file.read_to_string(&mut text)
            .map_err(|source| StartError::Unreadable {
                file: shown.clone(),
                source,
            })?;
        let flusher = match fsync {
            Fsync::Batch => {
                let flusher = Arc::new(Flusher {
                    file: file.try_clone().map_err(failed)?,
                    state: Mutex::new(Flushed::default()),
                    wake: Condvar::new(),
                });
                let thread = Arc::clone(&flusher);
                std::thread::Builder::new()
                    .name("state-file flusher".into())
                    .spawn(move || thread.run())
                    .map_err(failed)?;
                Some(flusher)
            }
            Fsync::Always | Fsync::Never => None,
        };
        let mut journal = Journal {
            file,
            fsync,
            flusher,
            written: 0,
            len: 0,
        };
        if text.trim().is_empty() {
            journal.restart(start).map_err(failed)?;
            return Ok((journal, start.to_string()));
        }
        let checked = check(&shown, &text)?;
        if checked.len < text.len() {
            eprintln!(
                "warning: {shown}: the last record, from byte {} on, was cut short before its \
                 call was answered; it is dropped",
                checked.len
            );
            journal.file.set_len(checked.len as u64).map_err(failed)?;
            text.truncate(checked.len);
        }
        journal.len = text.len() as u64;
        Ok((journal, text))
    }

    /// Appends sealed records, durable as `--fsync` says before this
    /// returns, or (batch) once the returned point is reached.
    /// A record that could not be written (or, `always`, flushed) whole
    /// is cut off again, so that the file holds whole records only.
    pub fn append(&mut self, records: &str) -> std::io::Result<Option<Durable>> {
        let written = match self.fsync {
            Fsync::Always => self
                .file
                .write_all(records.as_bytes())
                .and_then(|()| self.file.sync_data()),
            Fsync::Batch | Fsync::Never => self.file.write_all(records.as_bytes()),
        };
        if let Err(e) = written {
            let _ = self.file.set_len(self.len);
            return Err(e);
        }
        self.len += records.len() as u64;
        self.written += 1;
        match (self.fsync, &self.flusher) {
            (Fsync::Batch, Some(flusher)) => {
                flusher.state().written = self.written;
                flusher.wake.notify_all();
                Ok(Some(Durable {
                    flusher: Arc::clone(flusher),
                    records: self.written,
                }))
            }
            _ => Ok(None),
        }
    }

    /// Why no more records can be trusted to reach the disk, if a group
    /// commit's flush has failed.
    pub fn failure(&self) -> Option<&'static str> {
        let failed = self.flusher.as_ref()?.state().failed;
        failed.then_some("a flush of the state file to disk failed")
    }

    /// Empties the file and writes `start`.
    pub fn restart(&mut self, start: &str) -> std::io::Result<()> {
        self.file.set_len(0)?;
        self.len = 0;
        self.file.seek(SeekFrom::Start(0))?;
        if let Some(durable) = self.append(start)? {
            durable.wait()?;
        }
        Ok(())
    }
}

impl Drop for Journal {
    /// Lets the flusher flush what is left and stop.
    fn drop(&mut self) {
        if let Some(flusher) = &self.flusher {
            flusher.state().closed = true;
            flusher.wake.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(records: &[&str]) -> String {
        records
            .iter()
            .enumerate()
            .map(|(n, r)| seal(n as u64, r))
            .collect()
    }

    #[test]
    fn whole_records_check() {
        let text = file(&["name = \"s\"\n", "\n[[steps]]\nop = \"advance\"\n"]);
        let checked = check("state.toml", &text).unwrap();
        assert_eq!((checked.len, checked.records), (text.len(), 2));
    }

    #[test]
    fn a_torn_last_record_is_left_out() {
        let whole = file(&["name = \"s\"\n"]);
        let text = format!("{whole}\n[[steps]]\nop = \"adv");
        let checked = check("state.toml", &text).unwrap();
        assert_eq!((checked.len, checked.records), (whole.len(), 1));
    }

    #[test]
    fn a_flipped_byte_in_any_record_refuses_the_start_naming_line_and_record() {
        let text = file(&["name = \"s\"\n", "\n[[steps]]\nop = \"advance\"\n"]);
        let flipped = text.replacen("advance", "advancf", 1);
        let e = check("state.toml", &flipped).unwrap_err().to_string();
        assert!(e.starts_with("state.toml:3: record 1"), "{e}");
        let first = text.replacen("name", "nbme", 1);
        let e = check("state.toml", &first).unwrap_err().to_string();
        assert!(e.starts_with("state.toml:1: record 0"), "{e}");
    }

    #[test]
    fn records_out_of_sequence_are_damage() {
        let text = format!("{}{}", seal(0, "a\n"), seal(2, "b\n"));
        assert!(check("state.toml", &text).is_err());
    }

    #[test]
    fn a_file_without_records_is_refused() {
        let e = check("old.toml", "name = \"s\"\n[[steps]]\nop = \"advance\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no record closing lines"), "{e}");
    }
}
