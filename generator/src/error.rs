//! Errors the generator reports. Every error about the spec names the place in the spec as a JSON
//! pointer (RFC 6901), plus the line and column when the parser knows them.

use std::fmt;
use std::path::PathBuf;

/// A JSON pointer into the spec document, e.g. `#/paths/~1clients/post/parameters/0`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Pointer(String);

impl Pointer {
    /// The document root (`#`).
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// Parse the fragment of a local `$ref` (`#/components/schemas/X`).
    pub fn from_fragment(fragment: &str) -> Option<Self> {
        let rest = fragment.strip_prefix('#')?;
        if !rest.is_empty() && !rest.starts_with('/') {
            return None;
        }
        Some(Pointer(rest.to_owned()))
    }

    /// A child of this pointer; `~` and `/` in the key are escaped as RFC 6901 says.
    pub fn push(&self, key: impl fmt::Display) -> Self {
        use fmt::Write;
        let mut key_text = String::new();
        let _ = write!(key_text, "{key}");
        let mut out = String::with_capacity(self.0.len() + 1 + key_text.len());
        out.push_str(&self.0);
        out.push('/');
        if key_text.contains(['~', '/']) {
            out.push_str(&key_text.replace('~', "~0").replace('/', "~1"));
        } else {
            out.push_str(&key_text);
        }
        Pointer(out)
    }

    /// This pointer followed by the relative pointer `rel` (`#/a` and `#/b/c` give `#/a/b/c`).
    pub fn join(&self, rel: &Pointer) -> Self {
        Pointer(format!("{}{}", self.0, rel.0))
    }

    /// The rest of this pointer after `prefix` (relative to it), when it is `prefix` or below it.
    pub fn strip_prefix(&self, prefix: &Pointer) -> Option<Self> {
        let rest = self.0.strip_prefix(&prefix.0)?;
        (rest.is_empty() || rest.starts_with('/')).then(|| Pointer(rest.to_owned()))
    }

    /// The unescaped segments of the pointer.
    pub fn segments(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Where in the spec file something is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub pointer: Pointer,
    /// 1-based line and column, when known.
    pub line_col: Option<(usize, usize)>,
}

/// Everything that can go wrong while generating.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The spec is malformed, unsupported, or inconsistent.
    #[error("{}", display_spec_error(file, location, message))]
    Spec {
        file: String,
        location: Location,
        message: String,
    },
    /// Internal: the emitter produced tokens that are not valid Rust (a generator bug).
    #[error("internal error: generated code for {file} does not parse: {message}")]
    Emit { file: String, message: String },
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
    /// A generator setting is malformed or names something the spec does not have.
    #[error("{origin}: {message}")]
    Settings {
        /// Where the settings came from: the settings file, the command-line flags, or both.
        origin: String,
        message: String,
    },
}

fn display_spec_error(file: &str, location: &Location, message: &str) -> String {
    match location.line_col {
        Some((line, col)) => format!("{file}:{line}:{col}: {}: {message}", location.pointer),
        None => format!("{file}: {}: {message}", location.pointer),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A non-fatal finding: something the generator could not express exactly and handled in a
/// documented, conservative way. Printed by the CLI and xtask; never silently dropped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub pointer: Pointer,
    pub message: String,
    /// The file `pointer` is in when it is not the root document: the spec refers to it.
    pub file: Option<String>,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(file) => write!(f, "warning: {file}: {}: {}", self.pointer, self.message),
            None => write!(f, "warning: {}: {}", self.pointer, self.message),
        }
    }
}
