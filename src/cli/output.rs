//! What the command line writes: text and JSON on standard output, and
//! files where asked.

use std::path::Path;

use super::error::CliError;

/// Writes to stdout. A reader that has gone away (`cowsim run … | head`)
/// ends the program quietly, as a pipe's reader expects, rather than with
/// a panic.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::output::write_out(format_args!($($arg)*))
    };
}
pub(crate) use say;

/// `say!`'s writer: exits 0 on a closed pipe, 1 on any other failure.
pub fn write_out(text: std::fmt::Arguments<'_>) {
    use std::io::Write;
    if let Err(e) = std::io::stdout().lock().write_fmt(text) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: can't write the output: {e}");
        std::process::exit(1);
    }
}

/// Prints `value` as pretty JSON.
pub fn print_json(value: &impl serde::Serialize) -> Result<(), CliError> {
    print_rendered(serde_json::to_string_pretty(value))
}

/// Prints JSON already rendered, or gives why it could not be.
pub fn print_rendered(json: serde_json::Result<String>) -> Result<(), CliError> {
    say!("{}\n", json?);
    Ok(())
}

/// Writes `what` (`CSV files to `, say) with `write` if a path was asked
/// for.
pub fn write_file(
    path: Option<&Path>,
    what: &'static str,
    write: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<(), CliError> {
    let Some(path) = path else {
        return Ok(());
    };
    write(path).map_err(|source| CliError::Write {
        what,
        path: path.to_path_buf(),
        source,
    })
}

/// Fails now, not after a long run, if `path` can't be written: its
/// folder must exist and take a new file (`what` and the error as
/// [`write_file`] would give them). With `folder`, `path` is a folder
/// created if need be: its nearest existing ancestor must be a folder.
pub fn check_writable(
    path: Option<&Path>,
    what: &'static str,
    folder: bool,
) -> Result<(), CliError> {
    let Some(path) = path else {
        return Ok(());
    };
    let fail = |source: std::io::Error| CliError::Write {
        what,
        path: path.to_path_buf(),
        source,
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let dir = if folder {
        let mut at = path.to_path_buf();
        while !at.exists() {
            match at.parent() {
                Some(p) if !p.as_os_str().is_empty() => at = p.to_path_buf(),
                _ => at = std::path::PathBuf::from("."),
            }
        }
        at
    } else {
        if path.is_dir() {
            return Err(fail(std::io::ErrorKind::IsADirectory.into()));
        }
        parent
    };
    if !std::fs::metadata(&dir).map_err(fail)?.is_dir() {
        return Err(fail(std::io::ErrorKind::NotADirectory.into()));
    }
    // A probe file, removed at once: the only sure test that the folder
    // takes a new file.
    let probe = dir.join(format!(".cowsim-probe-{}", std::process::id()));
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .map_err(fail)?;
    std::fs::remove_file(&probe).map_err(fail)
}
