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
