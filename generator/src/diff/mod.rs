//! Semantic diff of two OpenAPI documents: what changed for the API's consumers and for the
//! generated Rust API, each change classified as breaking, compatible or informational.
//!
//! - [`doc`]: the documents as generic JSON values (so OpenAPI 3.1 shapes are read too), local
//!   `$ref` resolution with cycle detection, operations with their merged parameters;
//! - [`operations`]: operations matched by method and path (path parameter names do not
//!   matter), their parameters; [`bodies`]: request bodies and responses;
//! - [`schema`] (over [`view`]): schemas compared structurally and recursively, in the
//!   direction they are read (request or response), component schemas once each;
//! - [`security`]: security requirements and schemes;
//! - [`rust_api`]: both documents lowered to the IR and the generated names and types compared;
//! - [`rules`]: the catalogue of rules; [`report`]: the report model; [`render`]: text and
//!   Markdown.

mod bodies;
mod doc;
mod operations;
pub mod render;
pub mod report;
pub mod rules;
mod rust_api;
mod schema;
mod security;
mod view;

use std::collections::HashSet;
use std::path::Path;

use serde_json::Value;

use crate::error::{Pointer, Result};
use doc::Doc;
pub use render::Format;
pub use report::{Change, Counts, Direction, Group, Report, Severity};
pub use rules::{RULES, Rule};

/// Compare the spec files `old` and `new`. Unreadable or invalid documents are errors, with the
/// same messages as the generator's.
pub fn diff(old: &Path, new: &Path) -> Result<Report> {
    let (old_file, old_text) = crate::load::read(old)?;
    let (new_file, new_text) = crate::load::read(new)?;
    diff_str(&old_text, &old_file, &new_text, &new_file)
}

/// Compare two documents given as text (`*_file` name them in messages; references to other
/// files are read relative to them).
pub fn diff_str(old_text: &str, old_file: &str, new_text: &str, new_file: &str) -> Result<Report> {
    // A document split across files is compared as one (its imports are components).
    let read = |text: &str, file: &str| {
        let value = crate::load::parse_document(text, file)?;
        crate::load::bundle_document(value, text, file)
    };
    let old = Doc {
        file: old_file.to_owned(),
        root: read(old_text, old_file)?,
    };
    let new = Doc {
        file: new_file.to_owned(),
        root: read(new_text, new_file)?,
    };
    // OpenAPI 3.0 documents also go through the generator's loader and lowering: that checks
    // them as the generator does, and gives the Rust names and types to compare.
    let apis = match (lower(&old)?, lower(&new)?) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err("the generator reads OpenAPI 3.0 documents only".to_owned()),
    };
    let mut ctx = Ctx {
        old: &old,
        new: &new,
        report: Report {
            old_file: old_file.to_owned(),
            new_file: new_file.to_owned(),
            ..Report::default()
        },
        compared: HashSet::new(),
        stack: Vec::new(),
    };
    security::compare_schemes(&mut ctx);
    operations::compare(&mut ctx)?;
    match apis {
        Ok((a, b)) => rust_api::compare(&mut ctx, &a, &b),
        Err(why) => ctx.report.rust_api_skipped = Some(why),
    }
    let mut report = ctx.report;
    report.finish();
    Ok(report)
}

fn lower(doc: &Doc) -> Result<Option<crate::ir::Api>> {
    if !crate::load::is_openapi_30(&doc.root) {
        return Ok(None);
    }
    let spec = crate::load::from_value(doc.root.clone(), &doc.file)?;
    crate::lower::lower(&spec, &crate::Settings::default()).map(Some)
}

/// What the CLI (`generator diff`) and `cargo xtask diff` do: compare, print the report to
/// stdout, and return the exit status: 0 without breaking changes (or without
/// `fail_on_breaking`), 1 with breaking changes and `fail_on_breaking`, 2 when a document cannot
/// be read (the error goes to stderr).
pub fn run(old: &Path, new: &Path, format: Format, fail_on_breaking: bool) -> u8 {
    match diff(old, new) {
        Ok(report) => {
            use std::io::Write;
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = std::io::stdout()
                .lock()
                .write_all(report.render(format).as_bytes());
            if fail_on_breaking && report.has_breaking() {
                1
            } else {
                0
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

/// The state of one comparison.
pub(crate) struct Ctx<'a> {
    old: &'a Doc,
    new: &'a Doc,
    report: Report,
    /// Component schema pairs (old name, new name) already compared, per direction.
    compared: HashSet<(String, String, Direction)>,
    /// The schema pairs being compared (cycle guard).
    stack: Vec<(Pointer, Pointer, Direction)>,
}

impl Ctx<'_> {
    fn add(&mut self, rule: &'static Rule, site: &Site, message: impl Into<String>) {
        self.report.changes.push(Change {
            rule,
            severity: rule.severity(site.dir),
            direction: site.dir.filter(|_| rule.is_directional()),
            group: site.group.clone(),
            location: site.location(),
            message: message.into(),
        });
    }
}

/// Where a change is: its group, a prefix naming the place in it (`request body`, `query
/// parameter page`, a component name) and a path inside a schema (`/data/[]/Name`).
#[derive(Clone)]
pub(crate) struct Site {
    group: Group,
    prefix: String,
    path: String,
    dir: Option<Direction>,
}

impl Site {
    fn new(group: &Group, prefix: impl Into<String>, dir: Option<Direction>) -> Site {
        Site {
            group: group.clone(),
            prefix: prefix.into(),
            path: String::new(),
            dir,
        }
    }

    fn child(&self, segment: &str) -> Site {
        Site {
            path: format!("{}/{segment}", self.path),
            ..self.clone()
        }
    }

    fn direction(&self) -> Direction {
        self.dir.unwrap_or(Direction::Request)
    }

    fn location(&self) -> String {
        match (&self.group, self.prefix.is_empty(), self.path.is_empty()) {
            (_, _, true) => self.prefix.clone(),
            (_, true, false) => self.path.clone(),
            (Group::Schema { .. }, false, false) => format!("{}{}", self.prefix, self.path),
            _ => format!("{} {}", self.prefix, self.path),
        }
    }

    /// How a component used from here names its user.
    fn use_label(&self) -> String {
        match &self.group {
            Group::Schema { name } => format!("schema {name}"),
            other => other.title(),
        }
    }
}

/// Whether a JSON value is `true`.
fn is_true(value: Option<&Value>) -> bool {
    value == Some(&Value::Bool(true))
}
