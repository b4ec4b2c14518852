//! The one error type of the engine.
//!
//! Every error says *where*: the config path (`sections[1].metrics[0].rule`), the partner id and field,
//! or the CSV line and column. [`Error::kind`] is the single source of the CLI exit code, the Python
//! exception class and the C status code.

use std::fmt;

/// What went wrong, in broad strokes: the part of the input the caller has to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A configuration (scorecard, profile, plan) is malformed or inconsistent.
    Config,
    /// Input data (partners, history, registrations …) is malformed or cannot be used.
    Input,
    /// A bug in partnerscore: please report it.
    Internal,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::Config => "config error",
            ErrorKind::Input => "input error",
            ErrorKind::Internal => "internal error",
        })
    }
}

/// An error of partnerscore, carrying where it happened and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A configuration problem at `path` (e.g. `sections[0].metrics[1].rule.target`).
    #[error("{path}: {reason}")]
    Config {
        /// Where in the config, as a path of keys and indices; `(root)` for the whole document.
        path: String,
        /// What is wrong there.
        reason: String,
    },
    /// An input-data problem at `location` (e.g. `line 7, column 3 (partner P007, field revenue)`).
    #[error("{location}: {reason}")]
    Input {
        /// Where in the data: record, partner id, field, CSV line and column.
        location: String,
        /// What is wrong there.
        reason: String,
    },
    /// A bug: an invariant of the engine did not hold.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// The broad kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Config { .. } => ErrorKind::Config,
            Error::Input { .. } => ErrorKind::Input,
            Error::Internal(_) => ErrorKind::Internal,
        }
    }

    /// A config error at `path`.
    pub fn config(path: impl Into<String>, reason: impl Into<String>) -> Self {
        let path = path.into();
        Error::Config { path: if path.is_empty() { "(root)".to_string() } else { path }, reason: reason.into() }
    }

    /// An input error at `location`.
    pub fn input(location: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Input { location: location.into(), reason: reason.into() }
    }

    /// Where the error happened (config path or data location), empty for internal errors.
    pub fn location(&self) -> &str {
        match self {
            Error::Config { path, .. } => path,
            Error::Input { location, .. } => location,
            Error::Internal(_) => "",
        }
    }
}

/// Deserializes a config document (scorecard, profile, plan); a problem becomes a config error at its
/// path (`sections[1].metrics[0].rule`), `(root)` for the whole document.
pub(crate) fn parse_config<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let path = if path == "." { String::new() } else { path };
        let reason = if inner.is_syntax() || inner.is_eof() {
            format!("invalid JSON: {inner}")
        } else {
            // serde_json appends " at line L column C" to data errors; the path already says where.
            let msg = inner.to_string();
            match msg.rfind(" at line ") {
                Some(i) => msg[..i].to_string(),
                None => msg,
            }
        };
        Error::config(path, reason)
    })
}

/// The result type of partnerscore.
pub type Result<T, E = Error> = std::result::Result<T, E>;
