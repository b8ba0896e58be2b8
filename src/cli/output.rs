//! What the command line writes: text and JSON on standard output, and
//! files where asked.

use std::path::Path;
use std::process::ExitCode;

use super::exit;

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
pub fn print_json(value: &impl serde::Serialize) -> ExitCode {
    print_rendered(serde_json::to_string_pretty(value))
}

/// Prints JSON already rendered, or says why it could not be.
pub fn print_rendered(json: serde_json::Result<String>) -> ExitCode {
    match json {
        Ok(text) => {
            say!("{text}\n");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes `what` with `write` if a path was asked for; the exit status
/// (2) if it could not be written, having said why (`can't write` +
/// `what` + the path).
pub fn write_file(
    path: Option<&Path>,
    what: &str,
    write: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Option<ExitCode> {
    let path = path?;
    let e = write(path).err()?;
    eprintln!("error: can't write {what}{}: {e}", path.display());
    Some(exit::refused())
}
