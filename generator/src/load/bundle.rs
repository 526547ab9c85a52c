//! Bundling: a spec split across files becomes one document with local references only, before
//! the structural check and the typed model, so nothing downstream knows about files.
//!
//! - Every file reachable through `$ref`s is read and parsed once (YAML or JSON); a reference
//!   names a file relative to the file it is in (or absolutely), with an optional fragment: a
//!   JSON pointer, `%`-encoded as URI fragments are, with `~0`/`~1` escapes.
//! - Only the structure is walked (paths, operations, parameters, bodies, responses, headers,
//!   schemas and their subschemas, discriminator mappings, callbacks...), never example values
//!   or extensions, so a `$ref` key inside an example stays data.
//! - What a reference points to is imported into `components/<section>/<Name>` of the bundled
//!   document: the section follows from where the reference is used (a schema position:
//!   `schemas`; a parameter position: `parameters`...), the name from `naming`. The same target
//!   used twice (in one section) is one component. A reference standing for a root component
//!   (`components/schemas/Pet: {$ref: pet.yaml#/Pet}`) puts the target there, under the root's
//!   name. Path items (OpenAPI 3.0 has no `components/pathItems`) are copied where they are
//!   referenced, the referring object's other members overriding the file's.
//! - References inside an imported part are resolved relative to its file, recursively; those
//!   into the root document become plain local references. The root document's own local
//!   references are left exactly as they are, so a spec in one file bundles to itself.
//! - Recursion across files is fine (an imported schema refers to its component); a chain of
//!   references that only refer to each other (`a.yaml#/A` is `{$ref: b.yaml#/B}`, which is
//!   `{$ref: a.yaml#/A}`) is an error naming the chain.
//! - Errors name the file, the JSON pointer of the reference in that file and its line.
//!   [`Origins`] remembers where imported parts came from, so later errors about them are
//!   reported in their own file too.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::files::{self, Files, RefText, Site};
use super::naming::{self, Wanted};
use super::value_at;
use super::walk::{Found, Kind, SECTIONS, is_file_mapping, references};
use super::{Spec, check_version, from_value, parse_document};
use crate::error::{Error, Location, Pointer, Result, Warning};

/// The bundled document and what it was made from.
pub(crate) struct Bundle {
    pub doc: Value,
    /// Every file read, the root first.
    pub sources: Vec<PathBuf>,
    pub origins: Origins,
}

/// Follows a chain of references this many steps at most before calling it a cycle.
const MAX_CHAIN: usize = 64;

/// [`super::parse`], reading other files with `reader`.
pub(super) fn parse_with(text: &str, file: &str, reader: &mut files::Reader<'_>) -> Result<Spec> {
    let value = parse_document(text, file)?;
    check_version(&value, file)?;
    if !has_external_refs(&value) {
        return from_value(value, file);
    }
    let root = files::File {
        path: files::normalize(Path::new(file)),
        name: file.to_owned(),
        text: text.to_owned(),
        value,
    };
    let bundle = bundle(Files::new(root, reader))?;
    let mut spec = from_value(bundle.doc, file).map_err(|e| bundle.origins.relocate(e, file))?;
    spec.sources = bundle.sources;
    spec.origins = bundle.origins;
    Ok(spec)
}

/// The document `value` (parsed from `text`, named `file`) with every file its references
/// reach bundled in, for readers of the generic document (`diff`); OpenAPI 3.1 documents are
/// bundled by the same (3.0) structure.
pub(crate) fn bundle_document(value: Value, text: &str, file: &str) -> Result<Value> {
    if !has_external_refs(&value) {
        return Ok(value);
    }
    let root = files::File {
        path: files::normalize(Path::new(file)),
        name: file.to_owned(),
        text: text.to_owned(),
        value,
    };
    let mut reader = files::from_disk;
    Ok(bundle(Files::new(root, &mut reader))?.doc)
}

impl Spec {
    /// `error` (about the bundled document), reported in the file and at the place it is about
    /// when that is a part imported from another file.
    pub fn relocate(&self, error: Error) -> Error {
        self.origins.relocate(error, &self.file)
    }

    /// Where the place `pointer` of the bundled document came from, when that is another file:
    /// the file (relative to the root document's folder) and the place in it.
    pub fn origin(&self, pointer: &Pointer) -> Option<(String, Pointer)> {
        self.origins.origin(pointer)
    }

    /// The same for a warning.
    pub fn relocate_warning(&self, warning: &mut Warning) {
        self.origins.relocate_warning(warning);
    }
}

/// Whether `doc` has a reference to another file anywhere (a `$ref` or a discriminator
/// mapping that does not start with `#`). Without one there is nothing to bundle.
pub(crate) fn has_external_refs(doc: &Value) -> bool {
    match doc {
        Value::Object(map) => map.iter().any(|(key, value)| match (key.as_str(), value) {
            ("$ref", Value::String(r)) => !is_local(r),
            ("mapping", Value::Object(m)) => {
                m.values().any(|v| {
                    v.as_str()
                        .is_some_and(|s| is_file_mapping(s) && !is_local(s))
                }) || has_external_refs(value)
            }
            _ => has_external_refs(value),
        }),
        Value::Array(items) => items.iter().any(has_external_refs),
        _ => false,
    }
}

/// Whether a reference stays in its own file (`#/components/schemas/A`, `#`, or nothing).
fn is_local(reference: &str) -> bool {
    reference.split('#').next().unwrap_or_default().is_empty()
}

/// Bundle the root document (file 0 of `files`) and everything it refers to.
pub(crate) fn bundle(files: Files<'_>) -> Result<Bundle> {
    let mut b = Bundler {
        files,
        targets: HashMap::new(),
        ends: HashMap::new(),
        imports: Vec::new(),
        imported: HashSet::new(),
        preassigned: HashMap::new(),
        walked: HashSet::new(),
        inlining: Vec::new(),
        names: HashMap::new(),
    };
    b.discover()?;
    b.name_imports();
    Ok(b.build())
}

/// A place in one of the files.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Target {
    file: usize,
    pointer: Pointer,
}

struct Bundler<'r> {
    files: Files<'r>,
    /// The target of every reference that is not one of the root document's own local ones,
    /// by the reference's site.
    targets: HashMap<Site, Target>,
    /// Where each chain of references that was followed ends (an object that is not a
    /// reference).
    ends: HashMap<Target, Target>,
    /// What becomes a component, in the order found.
    imports: Vec<(Kind, Target)>,
    imported: HashSet<(Kind, Target)>,
    /// Imports that root components stand for (`components/schemas/Pet: {$ref: ...}`), with
    /// the root's name: the first such entry, in document order.
    preassigned: HashMap<(Kind, Target), String>,
    /// Path items whose references were followed.
    walked: HashSet<Target>,
    /// The path items whose references are being followed, outermost first: a path item that
    /// includes itself (through callbacks) could never be copied in place.
    inlining: Vec<Target>,
    names: HashMap<(Kind, Target), String>,
}

impl Bundler<'_> {
    fn value(&self, t: &Target) -> &Value {
        value_at(&self.files.list[t.file].value, &t.pointer).expect("targets are checked")
    }

    /// `FILE#/pointer` (`FILE` for a whole file), a target in messages.
    fn show(&self, t: &Target) -> String {
        let name = &self.files.list[t.file].name;
        if t.pointer == Pointer::root() {
            name.clone()
        } else {
            format!("{name}{}", t.pointer)
        }
    }

    fn discover(&mut self) -> Result<()> {
        let mut entries = Vec::new();
        let root = &self.files.list[0].value;
        if let Some(components) = root.get("components").and_then(Value::as_object) {
            for (section, kind) in SECTIONS {
                let Some(map) = components.get(section).and_then(Value::as_object) else {
                    continue;
                };
                for (name, entry) in map {
                    if let Some(Value::String(r)) = entry.get("$ref")
                        && !is_local(r)
                    {
                        let at = Pointer::root().push("components").push(section).push(name);
                        entries.push((kind, name.clone(), r.clone(), at));
                    }
                }
            }
        }
        for (kind, name, reference, at) in entries {
            let site = Site {
                file: 0,
                at,
                in_ref_member: true,
            };
            let (first, _) = self.follow(&site, &reference, kind)?;
            if first.file != 0 {
                self.preassigned.entry((kind, first)).or_insert(name);
            }
        }
        let found = references(&self.files.list[0].value, None);
        self.visit(0, &Pointer::root(), found)?;
        let mut next = 0;
        while let Some((kind, target)) = self.imports.get(next).cloned() {
            let found = references(self.value(&target), Some(kind));
            self.visit(target.file, &target.pointer, found)?;
            next += 1;
        }
        Ok(())
    }

    /// Resolve the references `found` in the part of `file` at `base`.
    fn visit(&mut self, file: usize, base: &Pointer, found: Vec<Found>) -> Result<()> {
        for f in found {
            let at = base.join(&f.at);
            let value = value_at(&self.files.list[file].value, &at).expect("found there");
            let reference = if f.mapping {
                value.as_str()
            } else {
                value.get("$ref").and_then(Value::as_str)
            };
            let reference = reference.expect("a reference is a string").to_owned();
            if file == 0 && is_local(&reference) {
                continue; // the root's own local references are left as they are
            }
            let site = Site {
                file,
                at,
                in_ref_member: !f.mapping,
            };
            let (first, last) = self.follow(&site, &reference, f.kind)?;
            self.targets.insert(site.clone(), first.clone());
            if f.kind == Kind::PathItem {
                if let Some(start) = self.inlining.iter().position(|t| *t == last) {
                    let steps: Vec<String> = self.inlining[start..]
                        .iter()
                        .chain([&last])
                        .map(|t| self.show(t))
                        .collect();
                    let message = format!("path items include each other: {}", steps.join(" -> "));
                    return Err(self.files.error_at(&site, message));
                }
                if self.walked.insert(last.clone()) {
                    let found = references(self.value(&last), Some(Kind::PathItem));
                    self.inlining.push(last.clone());
                    self.visit(last.file, &last.pointer, found)?;
                    self.inlining.pop();
                }
            } else if first.file != 0 && self.imported.insert((f.kind, first.clone())) {
                self.imports.push((f.kind, first));
            }
        }
        Ok(())
    }

    /// The target of the reference at `site`, and where its chain ends (itself unless the
    /// target is a reference too); a chain that comes back on itself is an error.
    fn follow(&mut self, site: &Site, reference: &str, kind: Kind) -> Result<(Target, Target)> {
        let first = self.resolve(site, reference, kind)?;
        let mut chain = vec![first.clone()];
        let mut current = first.clone();
        let end = loop {
            if let Some(end) = self.ends.get(&current) {
                break end.clone();
            }
            let Some(Value::String(next)) = self.value(&current).get("$ref") else {
                break current;
            };
            let next = next.clone();
            let next_site = Site {
                file: current.file,
                at: current.pointer.clone(),
                in_ref_member: true,
            };
            let target = self.resolve(&next_site, &next, kind)?;
            if chain.contains(&target) || chain.len() >= MAX_CHAIN {
                chain.push(target);
                let steps: Vec<String> = chain.iter().map(|t| self.show(t)).collect();
                let message = if chain.len() > MAX_CHAIN {
                    format!(
                        "$ref chain longer than {MAX_CHAIN} steps: {}",
                        steps.join(" -> ")
                    )
                } else {
                    format!("cyclic $ref chain: {}", steps.join(" -> "))
                };
                return Err(self.files.error_at(site, message));
            }
            chain.push(target.clone());
            current = target;
        };
        for t in chain {
            self.ends.insert(t, end.clone());
        }
        Ok((first, end))
    }

    /// The place the reference at `site` names, which must be an object.
    fn resolve(&mut self, site: &Site, reference: &str, kind: Kind) -> Result<Target> {
        let error = |files: &Files, message: String| {
            Err(files.error_at(site, format!("$ref {reference:?}: {message}")))
        };
        let target = match files::parse_ref(reference) {
            RefText::Local(pointer) => Target {
                file: site.file,
                pointer,
            },
            RefText::File { path, pointer } => Target {
                file: self.files.open(site, &path, reference)?,
                pointer,
            },
            RefText::Remote => {
                return error(
                    &self.files,
                    "remote references are not supported (nothing is downloaded at build time); \
                     download the file and refer to it by its path"
                        .into(),
                );
            }
            RefText::Scheme(scheme) => {
                return error(
                    &self.files,
                    format!(
                        "`{scheme}:` URIs are not supported; refer to a file by its path \
                         (relative to this file, or absolute)"
                    ),
                );
            }
            RefText::BadFragment => {
                return error(
                    &self.files,
                    "the part after `#` must be a JSON pointer such as #/components/schemas/Pet"
                        .into(),
                );
            }
        };
        let file = &self.files.list[target.file];
        match value_at(&file.value, &target.pointer) {
            Some(Value::Object(_)) => Ok(target),
            None => error(
                &self.files,
                format!("{} has nothing at {}", file.name, target.pointer),
            ),
            Some(other) => error(
                &self.files,
                format!(
                    "{}{} is {}, but {} is an object",
                    file.name,
                    target.pointer,
                    describe(other),
                    kind.what()
                ),
            ),
        }
    }

    fn name_imports(&mut self) {
        let root_dir = self.files.list[0]
            .path
            .parent()
            .unwrap_or(Path::new(""))
            .to_owned();
        let root = &self.files.list[0].value;
        for (section, kind) in SECTIONS {
            let reserved: Vec<String> = root
                .get("components")
                .and_then(|c| c.get(section))
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            let targets: Vec<&Target> = self
                .imports
                .iter()
                .filter(|(k, t)| *k == kind && !self.preassigned.contains_key(&(*k, t.clone())))
                .map(|(_, t)| t)
                .collect();
            let wanted: Vec<Wanted> = targets
                .iter()
                .map(|t| Wanted {
                    file: relative(&self.files.list[t.file].path, &root_dir),
                    pointer: t.pointer.clone(),
                })
                .collect();
            let names = naming::assign(&wanted, &reserved);
            for (t, name) in targets.into_iter().zip(names) {
                self.names.insert((kind, t.clone()), name);
            }
        }
        for (key, name) in &self.preassigned {
            self.names.insert(key.clone(), name.clone());
        }
    }

    fn build(self) -> Bundle {
        let mut origins = Vec::new();
        let mut doc = self.files.list[0].value.clone();
        self.rewrite(
            0,
            &Pointer::root(),
            &mut doc,
            None,
            &Pointer::root(),
            &mut origins,
        );
        let mut sections: Vec<Vec<(String, Value)>> = vec![Vec::new(); SECTIONS.len()];
        for (kind, target) in &self.imports {
            if self.preassigned.contains_key(&(*kind, target.clone())) {
                continue;
            }
            let name = self.names[&(*kind, target.clone())].clone();
            let here = Pointer::root()
                .push("components")
                .push(kind.section())
                .push(&name);
            let mut content = self.value(target).clone();
            self.rewrite(
                target.file,
                &target.pointer,
                &mut content,
                Some(*kind),
                &here,
                &mut origins,
            );
            origins.push(Origin {
                bundled: here,
                file: target.file,
                source: target.pointer.clone(),
            });
            let index = SECTIONS
                .iter()
                .position(|(_, k)| k == kind)
                .expect("a section");
            sections[index].push((name, content));
        }
        for ((section, _), mut entries) in SECTIONS.iter().zip(sections) {
            if entries.is_empty() {
                continue;
            }
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            let Some(root) = doc.as_object_mut() else {
                break;
            };
            let components = root
                .entry("components")
                .or_insert_with(|| Value::Object(Map::new()));
            let Some(components) = components.as_object_mut() else {
                break; // not an object: the structural check says so
            };
            let map = components
                .entry(*section)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(map) = map.as_object_mut() {
                map.extend(entries);
            }
        }
        let root_dir = self.files.list[0]
            .path
            .parent()
            .unwrap_or(Path::new(""))
            .to_owned();
        let files = self.files.list;
        Bundle {
            doc,
            sources: files
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    if i == 0 {
                        PathBuf::from(&f.name)
                    } else {
                        f.path.clone()
                    }
                })
                .collect(),
            origins: Origins {
                entries: origins
                    .into_iter()
                    .map(|o| (o.bundled.clone(), o))
                    .collect(),
                files: files
                    .into_iter()
                    .map(|f| OriginFile {
                        relative: relative(&f.path, &root_dir)
                            .to_string_lossy()
                            .replace('\\', "/"),
                        name: f.name,
                        text: f.text,
                    })
                    .collect(),
            },
        }
    }

    /// Rewrite the references in `value`, which is the part of `file` at `source` and goes to
    /// `bundled` in the bundled document (`kind` is what it is; `None`: the root document).
    fn rewrite(
        &self,
        file: usize,
        source: &Pointer,
        value: &mut Value,
        kind: Option<Kind>,
        bundled: &Pointer,
        origins: &mut Vec<Origin>,
    ) {
        for f in references(value, kind) {
            let site = Site {
                file,
                at: source.join(&f.at),
                in_ref_member: !f.mapping,
            };
            let Some(first) = self.targets.get(&site) else {
                continue; // one of the root's own local references
            };
            let here = bundled.join(&f.at);
            let slot = value_at_mut(value, &f.at).expect("found there");
            let inline = |target: &Target, kind: Kind, origins: &mut Vec<Origin>| {
                let mut content = self.value(target).clone();
                self.rewrite(
                    target.file,
                    &target.pointer,
                    &mut content,
                    Some(kind),
                    &here,
                    origins,
                );
                origins.push(Origin {
                    bundled: here.clone(),
                    file: target.file,
                    source: target.pointer.clone(),
                });
                content
            };
            if f.kind == Kind::PathItem {
                let mut content = inline(&self.ends[first], Kind::PathItem, origins);
                if let (Value::Object(content), Value::Object(siblings)) = (&mut content, &*slot) {
                    for (key, v) in siblings {
                        if key != "$ref" {
                            content.insert(key.clone(), v.clone());
                        }
                    }
                }
                *slot = content;
                continue;
            }
            let reference = if first.file == 0 {
                first.pointer.to_string()
            } else {
                let name = &self.names[&(f.kind, first.clone())];
                let entry = Pointer::root()
                    .push("components")
                    .push(f.kind.section())
                    .push(name);
                if kind.is_none() && here == entry {
                    // The root component this import stands for.
                    *slot = inline(first, f.kind, origins);
                    continue;
                }
                entry.to_string()
            };
            if f.mapping {
                *slot = Value::String(reference);
            } else if let Some(object) = slot.as_object_mut() {
                object.insert("$ref".into(), Value::String(reference));
            }
        }
    }
}

/// `path` relative to `dir` (the root document's folder), when that can be worked out.
fn relative(path: &Path, dir: &Path) -> PathBuf {
    if dir.as_os_str().is_empty() {
        return path.to_owned();
    }
    pathdiff::diff_paths(path, dir).unwrap_or_else(|| path.to_owned())
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "empty (null)".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn value_at_mut<'a>(root: &'a mut Value, pointer: &Pointer) -> Option<&'a mut Value> {
    let mut value = root;
    for segment in pointer.segments() {
        value = match value {
            Value::Object(map) => map.get_mut(&segment)?,
            Value::Array(items) => items.get_mut(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(value)
}

/// A part of the bundled document that came from another file.
#[derive(Debug, Clone)]
struct Origin {
    bundled: Pointer,
    file: usize,
    source: Pointer,
}

/// Where the imported parts of a bundled document came from: errors and warnings about them
/// are reported in their own file, at their own place, with the line.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// By the place in the bundled document.
    entries: HashMap<Pointer, Origin>,
    files: Vec<OriginFile>,
}

/// A file of the spec, for [`Origins`].
#[derive(Debug, Clone)]
struct OriginFile {
    /// The name in messages.
    name: String,
    /// The path relative to the root document's folder (`/`-separated), for generated docs:
    /// unlike `name`, it does not depend on how the root was named.
    relative: String,
    text: String,
}

impl Origins {
    /// The file and place `pointer` (in the bundled document) came from, when that is another
    /// file.
    fn find(&self, pointer: &Pointer) -> Option<(&OriginFile, Pointer)> {
        if self.entries.is_empty() {
            return None;
        }
        // The deepest imported part holding `pointer`: its prefixes, longest first.
        let mut prefixes = vec![Pointer::root()];
        for segment in pointer.segments() {
            let longer = prefixes[prefixes.len() - 1].push(segment);
            prefixes.push(longer);
        }
        let origin = prefixes.iter().rev().find_map(|p| self.entries.get(p))?;
        let rest = pointer.strip_prefix(&origin.bundled)?;
        Some((self.files.get(origin.file)?, origin.source.join(&rest)))
    }

    /// Where `pointer` came from, when that is another file: the file relative to the root
    /// document's folder, and the place in it.
    pub(crate) fn origin(&self, pointer: &Pointer) -> Option<(String, Pointer)> {
        self.find(pointer)
            .map(|(file, source)| (file.relative.clone(), source))
    }

    /// `error`, moved to the file it is about when it is about an imported part of the root
    /// document `root_file`.
    pub(crate) fn relocate(&self, error: Error, root_file: &str) -> Error {
        match error {
            Error::Spec {
                file,
                location,
                message,
            } if file == root_file => match self.find(&location.pointer) {
                Some((origin, pointer)) => Error::Spec {
                    file: origin.name.clone(),
                    location: Location {
                        line_col: files::locate(&origin.text, &pointer),
                        pointer,
                    },
                    message,
                },
                None => Error::Spec {
                    file,
                    location,
                    message,
                },
            },
            other => other,
        }
    }

    /// The same for a warning.
    pub(crate) fn relocate_warning(&self, warning: &mut Warning) {
        if warning.file.is_none()
            && let Some((origin, pointer)) = self.find(&warning.pointer)
        {
            warning.file = Some(origin.name.clone());
            warning.pointer = pointer;
        }
    }
}

#[cfg(test)]
#[path = "bundle_tests.rs"]
mod tests;
