//! Diagnostics for refused scenario files: where (file, line, column, with
//! the line and a caret under the problem) and what was expected.

use std::fmt;
use std::ops::Range;

/// A scenario refused before anything ran.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The offending line's text.
    pub source_line: String,
    /// Width of the caret under the problem.
    pub width: usize,
    pub message: String,
    /// A suggestion, such as the closest valid name.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at `span` (byte offsets) of `text`.
    pub fn at(
        file: &str,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let start = span.start.min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let source_line = text[line_start..line_end]
            .trim_end_matches('\r')
            .to_string();
        let column = text[line_start..start].chars().count() + 1;
        let end = span.end.clamp(start, line_end);
        let width = text[start..end].chars().count().max(1);
        Diagnostic {
            file: file.into(),
            line: text[..start].matches('\n').count() + 1,
            column,
            source_line,
            width,
            message: message.into(),
            help: None,
        }
    }

    /// Adds a suggestion.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let gutter = self.line.to_string().len();
        writeln!(f, "error: {}", self.message)?;
        writeln!(
            f,
            "{:gutter$}--> {}:{}:{}",
            "", self.file, self.line, self.column
        )?;
        writeln!(f, "{:gutter$} |", "")?;
        writeln!(f, "{} | {}", self.line, self.source_line)?;
        let pad: String = self
            .source_line
            .chars()
            .take(self.column - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        write!(f, "{:gutter$} | {pad}{}", "", "^".repeat(self.width))?;
        if let Some(help) = &self.help {
            write!(f, " {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// The candidate closest to `word` (edit distance at most a third of its
/// length, and at most 3), for "did you mean".
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_line_and_column() {
        let text = "a = 1\nbad-key = 2\n";
        let d = Diagnostic::at("s.toml", text, 6..13, "unknown field `bad-key`")
            .help("did you mean `bad`?");
        assert_eq!((d.line, d.column, d.width), (2, 1, 7));
        let shown = d.to_string();
        assert!(shown.contains("--> s.toml:2:1"), "{shown}");
        assert!(shown.contains("2 | bad-key = 2"), "{shown}");
        assert!(shown.contains("^^^^^^^ did you mean `bad`?"), "{shown}");
    }

    #[test]
    fn suggests_close_names_only() {
        let names = ["db-cluster-identifier", "engine", "kms-key-id"];
        assert_eq!(
            closest("db-cluster-identifer", names),
            Some("db-cluster-identifier")
        );
        assert_eq!(closest("engin", names), Some("engine"));
        assert_eq!(closest("colour", names), None);
        assert_eq!(closest("sede", ["seed", "start"]), Some("seed"));
    }
}
