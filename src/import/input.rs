//! What `cowsim import` is given: the files, and what the command line
//! says of them.

/// One input file: its name (for messages) and its bytes.
pub struct Input {
    pub name: String,
    pub text: Vec<u8>,
}

/// What the command line may say.
#[derive(Clone, Debug)]
pub struct Options {
    /// Clusters (ARN or identifier) to take as their family's source.
    pub sources: Vec<String>,
    /// The fraction of a clone's pages it has rewritten, where the data
    /// doesn't say.
    pub diverged: f64,
    /// Key policies: (key id, file).
    pub key_policies: Vec<(String, String)>,
}

/// The default `--diverged`.
pub const DIVERGED: f64 = 0.05;

impl Default for Options {
    fn default() -> Self {
        Options {
            sources: Vec::new(),
            diverged: DIVERGED,
            key_policies: Vec::new(),
        }
    }
}
