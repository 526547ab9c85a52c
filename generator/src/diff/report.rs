//! The report model: what changed, where, and how much it matters.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::rules::Rule;

/// How a change affects existing consumers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Existing clients (or code using the generated crate) may stop working.
    Breaking,
    /// Existing clients keep working.
    Compatible,
    /// Worth knowing, neither breaking nor a new capability.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::Compatible => "compatible",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which way data flows through a schema: what clients send, or what they receive. Narrowing a
/// constraint breaks senders, widening it breaks receivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    Request,
    Response,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
        }
    }
}

/// What a change is about; the report is grouped by it, in this order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// The whole document: security schemes, security that every operation inherits.
    Document,
    /// One operation, matched by method and path (path parameter names do not matter).
    Operation {
        /// The path template as the new document writes it (the old one's when removed).
        path: String,
        /// `GET`, `POST`...
        method: String,
    },
    /// A component schema (reported once, however many operations use it). When a use site
    /// refers to another component than before, the name is `Old → New`.
    Schema { name: String },
    /// A type of the generated Rust crate.
    RustType { name: String },
}

impl Group {
    pub fn title(&self) -> String {
        match self {
            Group::Document => "Whole API".into(),
            Group::Operation { path, method } => format!("{method} {path}"),
            Group::Schema { name } => format!("Schema {name}"),
            Group::RustType { name } => format!("Rust type {name}"),
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The rule that found it (see [`super::rules::RULES`]).
    pub rule: &'static Rule,
    pub severity: Severity,
    /// For schema changes: whether the schema is read as part of a request or a response.
    pub direction: Option<Direction>,
    pub group: Group,
    /// Where inside the group: `request body /Status`, `query parameter page`,
    /// `response 200 /data/[]/Name`, `Organisation/Name`... Empty for the group as a whole.
    pub location: String,
    /// What changed, in plain language.
    pub message: String,
}

/// Everything that changed between two documents.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The files as given (for headings).
    pub old_file: String,
    pub new_file: String,
    /// Grouped (in [`Group`] order) and, within a group, in the order found.
    pub changes: Vec<Change>,
    /// For each component schema group: where it is used (`GET /a response 200`), with the
    /// direction.
    pub uses: BTreeMap<String, BTreeSet<(String, Direction)>>,
    /// Operation ids (old or new) of the operations in the report, for headings.
    pub operation_ids: BTreeMap<Group, String>,
    /// Why the generated Rust API was not compared, when it was not.
    pub rust_api_skipped: Option<String>,
}

/// Counts of changes by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub breaking: usize,
    pub compatible: usize,
    pub info: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.breaking + self.compatible + self.info
    }
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} breaking, {} compatible, {} info",
            self.breaking, self.compatible, self.info
        )
    }
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    pub fn has_breaking(&self) -> bool {
        self.changes
            .iter()
            .any(|c| c.severity == Severity::Breaking)
    }

    /// Counts of the changes to the HTTP API (`rust == false`) or to the generated Rust API.
    pub fn counts(&self, rust: bool) -> Counts {
        let mut counts = Counts::default();
        for c in self.changes.iter().filter(|c| c.rule.is_rust() == rust) {
            match c.severity {
                Severity::Breaking => counts.breaking += 1,
                Severity::Compatible => counts.compatible += 1,
                Severity::Info => counts.info += 1,
            }
        }
        counts
    }

    /// The changes grouped, groups in order.
    pub fn groups(&self) -> Vec<(&Group, Vec<&Change>)> {
        let mut groups: BTreeMap<&Group, Vec<&Change>> = BTreeMap::new();
        for c in &self.changes {
            groups.entry(&c.group).or_default().push(c);
        }
        groups.into_iter().collect()
    }

    /// Sort the changes by group, keeping the order found within each.
    pub(super) fn finish(&mut self) {
        self.changes.sort_by(|a, b| a.group.cmp(&b.group));
    }
}
