//! How much of a caller's value an error message repeats. A message that
//! names the identifier, filter, ARN or tag it refuses helps a person fix
//! the call, but a request may carry a value of a megabyte, and an answer
//! that repeats it whole (or a journal that records it) is the attacker's
//! to size. Every message shows a caller's value through [`shown`], and
//! the whole message is bounded once more where it leaves the server
//! ([`bounded_message`]), so no error body grows with the request.

use std::fmt;

/// The most characters of a value a message repeats: more than any name
/// AWS accepts (RDS identifiers and group names hold at most 255, a KMS
/// alias 256 with its `alias/` prefix), so a valid value is shown whole.
pub const MAX_SHOWN: usize = 256;

/// The most characters of an error message sent: room for a few values
/// shown whole and the sentence around them.
pub const MAX_MESSAGE: usize = 1_024;

/// A text as a message shows it: whole when at most its bound of
/// characters ([`MAX_SHOWN`] for a caller's value), else its first ones
/// and how long it was. `{}` shows the text, `{:?}` the text quoted.
#[derive(Clone, Copy)]
pub struct Shown<'a>(&'a str, usize);

/// `value`, bounded for a message.
pub fn shown(value: &str) -> Shown<'_> {
    Shown(value, MAX_SHOWN)
}

impl Shown<'_> {
    /// The part shown, and the text's length in characters when that is
    /// not all of it.
    fn parts(&self) -> (&str, Option<usize>) {
        match self.0.char_indices().nth(self.1) {
            Some((cut, _)) => (&self.0[..cut], Some(self.0.chars().count())),
            None => (self.0, None),
        }
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (text, whole) = self.parts();
        f.write_str(text)?;
        cut_note(f, whole)
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (text, whole) = self.parts();
        write!(f, "{text:?}")?;
        cut_note(f, whole)
    }
}

fn cut_note(f: &mut fmt::Formatter<'_>, whole: Option<usize>) -> fmt::Result {
    match whole {
        Some(n) => write!(f, "…({n} characters)"),
        None => Ok(()),
    }
}

/// `message`, cut to [`MAX_MESSAGE`] characters: the last bound on an
/// error that leaves the server, whatever its parts showed.
pub fn bounded_message(message: &str) -> String {
    Shown(message, MAX_MESSAGE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_within_the_bound_is_shown_whole() {
        let name = "x".repeat(MAX_SHOWN);
        assert_eq!(shown(&name).to_string(), name);
        assert_eq!(format!("{:?}", shown("orders")), "\"orders\"");
    }

    #[test]
    fn a_long_value_is_cut_and_its_length_told() {
        let long = "é".repeat(1 << 20);
        let text = shown(&long).to_string();
        assert!(text.starts_with(&"é".repeat(MAX_SHOWN)), "{text}");
        assert!(text.ends_with("…(1048576 characters)"), "{text}");
        assert!(text.len() < 1_024);
        let quoted = format!("{:?}", shown(&long));
        assert!(quoted.starts_with('"') && quoted.ends_with("\"…(1048576 characters)"));
    }

    #[test]
    fn a_long_message_is_bounded() {
        assert_eq!(
            bounded_message("DBCluster a not found."),
            "DBCluster a not found."
        );
        let long = bounded_message(&"a b ".repeat(1 << 18));
        assert!(long.chars().count() < MAX_MESSAGE + 32, "{}", long.len());
        assert!(long.ends_with("…(1048576 characters)"));
    }
}
