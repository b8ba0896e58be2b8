//! The state file (`--state FILE`): the session as a scenario, each call
//! appended with one write before its answer is sent. The file is not
//! fsync'ed call by call: a server killed at any moment (SIGKILL) loses no
//! answered call, since the kernel holds what was written; a machine that
//! loses power may lose the last ones.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

pub struct Journal {
    file: File,
}

impl Journal {
    /// Opens the state file at `path`, creating it with `start` (the
    /// scenario a new session starts from) when it is missing or empty;
    /// returns it and the session it holds.
    pub fn open(path: PathBuf, start: &str) -> Result<(Journal, String), String> {
        let shown = path.display().to_string();
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(|e| format!("{shown}: {e}"))?;
        let mut text = String::new();
        file.read_to_string(&mut text)
            .map_err(|e| format!("{shown}: not a state file cowsim can read: {e}"))?;
        let mut journal = Journal { file };
        if text.trim().is_empty() {
            journal
                .restart(start)
                .map_err(|e| format!("{shown}: {e}"))?;
            text = start.to_string();
        }
        Ok((journal, text))
    }

    /// Appends a recorded call.
    pub fn append(&mut self, block: &str) -> std::io::Result<()> {
        self.file.write_all(block.as_bytes())?;
        self.file.flush()
    }

    /// Cuts the file to its first `len` bytes.
    pub fn truncate(&self, len: u64) -> std::io::Result<()> {
        self.file.set_len(len)
    }

    /// Empties the file and writes `start`.
    pub fn restart(&mut self, start: &str) -> std::io::Result<()> {
        self.file.set_len(0)?;
        self.file.seek(SeekFrom::Start(0))?;
        self.append(start)
    }
}
