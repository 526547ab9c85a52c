//! The report as plain text (for a terminal) or Markdown (for a review comment). Both list the
//! counts first, then the added and removed operations in one short list each, then a section
//! per group with one line per change.

use std::fmt::Write;

use super::report::{Change, Direction, Group, Report};
use super::rules;

/// How to print a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Markdown,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "text" => Ok(Format::Text),
            "markdown" | "md" => Ok(Format::Markdown),
            _ => Err(format!("unknown format {s:?}: expected text or markdown")),
        }
    }
}

/// Uses of a schema listed per direction before "and N more".
const MAX_USES: usize = 4;

/// A report split into what is printed: operations only added or removed (listed briefly) and
/// the other groups.
struct Layout<'a> {
    added: Vec<(&'a Group, Option<&'a str>)>,
    removed: Vec<(&'a Group, Option<&'a str>)>,
    sections: Vec<(&'a Group, Vec<&'a Change>)>,
}

fn layout(report: &Report) -> Layout<'_> {
    let mut layout = Layout {
        added: Vec::new(),
        removed: Vec::new(),
        sections: Vec::new(),
    };
    for (group, changes) in report.groups() {
        let id = report.operation_ids.get(group).map(String::as_str);
        match changes.as_slice() {
            [only] if std::ptr::eq(only.rule, &rules::OPERATION_ADDED) => {
                layout.added.push((group, id));
            }
            [only] if std::ptr::eq(only.rule, &rules::OPERATION_REMOVED) => {
                layout.removed.push((group, id));
            }
            _ => layout.sections.push((group, changes)),
        }
    }
    layout
}

/// The heading of a group: `GET /a (getA)`, `Schema Pet (used in ...)`.
fn heading(report: &Report, group: &Group, code: bool) -> String {
    let quote = |s: String| if code { format!("`{s}`") } else { s };
    let mut out = match group {
        Group::Operation { .. } => quote(group.title()),
        Group::Schema { name } => format!("Schema {}", quote(name.clone())),
        Group::RustType { name } => format!("Rust type {}", quote(name.clone())),
        Group::Document => group.title(),
    };
    if let Some(id) = report.operation_ids.get(group) {
        let _ = write!(out, " ({id})");
    }
    if let Group::Schema { name } = group
        && let Some(uses) = report.uses.get(name)
    {
        let mut parts = Vec::new();
        for (dir, label) in [
            (Direction::Request, "in requests by"),
            (Direction::Response, "in responses by"),
        ] {
            let users: Vec<&str> = uses
                .iter()
                .filter(|(_, d)| *d == dir)
                .map(|(u, _)| u.as_str())
                .collect();
            if users.is_empty() {
                continue;
            }
            let mut text = format!("{label} {}", users[..users.len().min(MAX_USES)].join(", "));
            if users.len() > MAX_USES {
                let _ = write!(text, " and {} more", users.len() - MAX_USES);
            }
            parts.push(text);
        }
        if !parts.is_empty() {
            let _ = write!(out, ": used {}", parts.join("; "));
        }
    }
    out
}

/// Where, as printed: the location, with the direction for changes inside a component schema
/// (its heading says where it is used).
fn place(change: &Change) -> String {
    match (&change.group, change.direction) {
        (Group::Schema { .. }, Some(dir)) => format!("{} ({})", change.location, dir.as_str()),
        _ => change.location.clone(),
    }
}

fn operation_line(group: &Group, id: Option<&str>, code: bool) -> String {
    let title = if code {
        format!("`{}`", group.title())
    } else {
        group.title()
    };
    match id {
        Some(id) => format!("{title} ({id})"),
        None => title,
    }
}

impl Report {
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => self.text(),
            Format::Markdown => self.markdown(),
        }
    }

    fn summary_lines(&self) -> [(String, super::Counts); 2] {
        [
            ("HTTP API".into(), self.counts(false)),
            ("generated Rust API".into(), self.counts(true)),
        ]
    }

    /// Plain text.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "API diff: {} -> {}", self.old_file, self.new_file);
        if self.is_empty() {
            let _ = writeln!(out, "No changes.");
        }
        for (label, counts) in self.summary_lines() {
            if counts.total() > 0 {
                let _ = writeln!(out, "{label}: {counts}");
            }
        }
        if let Some(why) = &self.rust_api_skipped {
            let _ = writeln!(out, "generated Rust API not compared: {why}");
        }
        let layout = layout(self);
        for (title, list) in [
            ("Removed operations (breaking)", &layout.removed),
            ("New operations", &layout.added),
        ] {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{title}: {}", list.len());
            for (group, id) in list {
                let _ = writeln!(out, "  {}", operation_line(group, *id, false));
            }
        }
        for (group, changes) in &layout.sections {
            let _ = writeln!(out, "\n{}", heading(self, group, false));
            for c in changes {
                let place = place(c);
                let sep = if place.is_empty() { "" } else { ": " };
                let _ = writeln!(
                    out,
                    "  {:<10}  {place}{sep}{}  [{}]",
                    c.severity.as_str(),
                    c.message,
                    c.rule.id
                );
            }
        }
        out
    }

    /// Markdown, for a review comment.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "## API diff: `{}` → `{}`\n",
            self.old_file, self.new_file
        );
        if self.is_empty() {
            let _ = writeln!(out, "No changes.");
            return out;
        }
        let _ = writeln!(out, "| | breaking | compatible | info |");
        let _ = writeln!(out, "|---|---:|---:|---:|");
        for (label, c) in self.summary_lines() {
            let _ = writeln!(
                out,
                "| {label} | {} | {} | {} |",
                c.breaking, c.compatible, c.info
            );
        }
        if let Some(why) = &self.rust_api_skipped {
            let _ = writeln!(out, "\nThe generated Rust API was not compared: {why}.");
        }
        let layout = layout(self);
        for (title, list) in [
            ("Removed operations (breaking)", &layout.removed),
            ("New operations", &layout.added),
        ] {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n### {title}: {}\n", list.len());
            for (group, id) in list {
                let _ = writeln!(out, "- {}", operation_line(group, *id, true));
            }
        }
        for (group, changes) in &layout.sections {
            let _ = writeln!(out, "\n### {}\n", cell(&heading(self, group, true)));
            let _ = writeln!(out, "| | where | change | rule |");
            let _ = writeln!(out, "|---|---|---|---|");
            for c in changes {
                let severity = match c.severity {
                    super::Severity::Breaking => "**breaking**",
                    other => other.as_str(),
                };
                let place = place(c);
                let _ = writeln!(
                    out,
                    "| {severity} | {} | {} | `{}` |",
                    if place.is_empty() {
                        "—".into()
                    } else {
                        cell(&place)
                    },
                    cell(&c.message),
                    c.rule.id
                );
            }
        }
        out
    }
}

/// Text for a Markdown table cell: `|` escaped, one line.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
