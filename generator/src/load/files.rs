//! The files of a spec split across several files: what a `$ref` names (a file, a fragment, a
//! remote URL), where that file is (relative to the referring file), reading and parsing each
//! file once, and finding the line of a place in a file's text for messages.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{parse_value, percent_decode, spec_error};
use crate::error::{Error, Pointer, Result};

/// Reads a file's bytes; the error is the reason, worded for a message ("the file does not
/// exist"). [`from_disk`] in production, an in-memory map in unit tests.
pub(crate) type Reader<'a> = dyn FnMut(&Path) -> std::result::Result<Vec<u8>, String> + 'a;

/// Read a regular file from disk. Anything else (a directory, a device such as `/dev/zero`, a
/// pipe) is refused before it is opened, so a reference can never block on a read.
pub(crate) fn from_disk(path: &Path) -> std::result::Result<Vec<u8>, String> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err("the file does not exist".into()),
        Err(e) => Err(e.to_string()),
        Ok(m) if m.is_dir() => Err("it is a directory, not a file".into()),
        Ok(m) if !m.is_file() => Err("it is not a regular file".into()),
        Ok(_) => std::fs::read(path).map_err(|e| e.to_string()),
    }
}

/// What the text of a `$ref` names.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RefText {
    /// `#/pointer` (or `#`, or nothing): a place in the referring file.
    Local(Pointer),
    /// `path/to/file.yaml#/pointer`: a place in another file (the whole file without a
    /// fragment); the path is percent-decoded, and relative to the referring file's directory
    /// unless absolute.
    File { path: PathBuf, pointer: Pointer },
    /// `https://...`: never fetched.
    Remote,
    /// Another URI scheme (`ftp:`, `urn:`...).
    Scheme(String),
    /// A fragment that is not a JSON pointer (`file.yaml#Pet`).
    BadFragment,
}

/// Split a `$ref` into what it names.
pub(crate) fn parse_ref(reference: &str) -> RefText {
    let (location, fragment) = match reference.split_once('#') {
        Some((location, fragment)) => (location, Some(fragment)),
        None => (reference, None),
    };
    if let Some(scheme) = scheme(location) {
        let lower = scheme.to_ascii_lowercase();
        return if lower == "http" || lower == "https" {
            RefText::Remote
        } else {
            RefText::Scheme(scheme.to_owned())
        };
    }
    // A URI fragment is percent-decoded, then read as a JSON pointer (RFC 6901, section 6).
    let pointer = match fragment.map(percent_decode) {
        None => Pointer::root(),
        Some(f) if f.is_empty() => Pointer::root(),
        Some(f) => match Pointer::from_fragment(&format!("#{f}")) {
            Some(p) => p,
            None => return RefText::BadFragment,
        },
    };
    if location.is_empty() {
        RefText::Local(pointer)
    } else {
        RefText::File {
            path: PathBuf::from(percent_decode(location)),
            pointer,
        }
    }
}

/// The URI scheme of `location` (`https` in `https://...`), if it has one. One letter before a
/// colon is a Windows drive (`C:/specs/a.yaml`), not a scheme.
fn scheme(location: &str) -> Option<&str> {
    let (scheme, _) = location.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    (valid && scheme.len() > 1).then_some(scheme)
}

/// `path` without `.` components and with `a/..` pairs removed, as far as that can be done
/// without the file system (a leading `..` stays). The same file named two ways is one file.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            _ => out.push(component),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

/// A file of the spec: the root, or one a `$ref` named.
pub(crate) struct File {
    /// Normalised: the file's identity.
    pub path: PathBuf,
    /// The name in messages: the root's as given, others' normalised paths.
    pub name: String,
    pub text: String,
    pub value: Value,
}

/// Where a reference is: a file, the JSON pointer of the object holding the `$ref` (or of the
/// discriminator mapping entry), and whether the text is that object's `$ref` member.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Site {
    pub file: usize,
    pub at: Pointer,
    pub in_ref_member: bool,
}

/// Every file read so far, each read and parsed once; the root is number 0.
pub(crate) struct Files<'r> {
    pub list: Vec<File>,
    index: HashMap<PathBuf, usize>,
    reader: &'r mut Reader<'r>,
}

impl<'r> Files<'r> {
    pub fn new(root: File, reader: &'r mut Reader<'r>) -> Self {
        let index = HashMap::from([(root.path.clone(), 0)]);
        Files {
            list: vec![root],
            index,
            reader,
        }
    }

    /// The file `path` names from the reference at `site` (`reference` is its text): its
    /// number, reading and parsing it on first use. An unreadable file is reported at the
    /// reference; a syntax error in the file itself, with the reference's place added.
    pub fn open(&mut self, site: &Site, path: &Path, reference: &str) -> Result<usize> {
        let joined = if path.is_absolute() {
            path.to_owned()
        } else {
            let dir = self.list[site.file].path.parent().unwrap_or(Path::new(""));
            dir.join(path)
        };
        let path = normalize(&joined);
        if let Some(&id) = self.index.get(&path) {
            return Ok(id);
        }
        let name = path.display().to_string();
        let bytes = (self.reader)(&path).map_err(|why| {
            self.error_at(
                site,
                format!("$ref {reference:?}: cannot read {name}: {why}"),
            )
        })?;
        let referenced = |e: Error| match e {
            Error::Spec {
                file,
                location,
                message,
            } => Error::Spec {
                file,
                location,
                message: format!("{message} (referenced at {})", self.describe(site)),
            },
            other => other,
        };
        let text = String::from_utf8(bytes).map_err(|e| {
            referenced(spec_error(
                &name,
                Pointer::root(),
                None,
                format!(
                    "the file is not valid UTF-8 (byte offset {})",
                    e.utf8_error().valid_up_to()
                ),
            ))
        })?;
        let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let value = parse_value(body, &name).map_err(referenced)?;
        let id = self.list.len();
        self.list.push(File {
            path: path.clone(),
            name,
            text,
            value,
        });
        self.index.insert(path, id);
        Ok(id)
    }

    /// An error about the reference at `site`, with the line of the reference.
    pub fn error_at(&self, site: &Site, message: String) -> Error {
        spec_error(
            &self.list[site.file].name,
            site.at.clone(),
            self.line_of(site),
            message,
        )
    }

    /// `FILE:LINE:COL: #/pointer`, the place of the reference at `site` as messages write it.
    pub fn describe(&self, site: &Site) -> String {
        let file = &self.list[site.file].name;
        match self.line_of(site) {
            Some((line, col)) => format!("{file}:{line}:{col}: {}", site.at),
            None => format!("{file}: {}", site.at),
        }
    }

    fn line_of(&self, site: &Site) -> Option<(usize, usize)> {
        let at = if site.in_ref_member {
            site.at.push("$ref")
        } else {
            site.at.clone()
        };
        locate(&self.list[site.file].text, &at)
    }
}

/// The line and column of the value at `pointer` in `text` (a YAML or JSON document), or of
/// its deepest ancestor that exists; `None` when nothing is found (text that does not parse).
///
/// The parsers give positions only with errors, so this parses the text again with a visitor
/// that skips everything off the path and fails on the value at its end: the error carries the
/// value's position. Only used when a message is made.
pub(crate) fn locate(text: &str, pointer: &Pointer) -> Option<(usize, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let segments: Vec<String> = pointer.segments().collect();
    (0..=segments.len())
        .rev()
        .find_map(|depth| locate_exact(text, &segments[..depth]))
}

fn locate_exact(text: &str, path: &[String]) -> Option<(usize, usize)> {
    let seek = Seek { path };
    if text.trim_start().starts_with('{') {
        let mut de = serde_json::Deserializer::from_str(text);
        match seek.deserialize(&mut de) {
            Err(e) if e.is_data() && e.line() > 0 => Some((e.line(), e.column())),
            _ => None,
        }
    } else {
        match seek.deserialize(yaml_serde::Deserializer::from_str(text)) {
            // yaml_serde puts the dotted path before the message.
            Err(e) if e.to_string().contains(FOUND) => e.location().map(|l| (l.line(), l.column())),
            _ => None,
        }
    }
}

/// The message of the error [`Found`] raises, told apart from syntax errors.
const FOUND: &str = "found the place";

/// Follows `path` through the document, skipping every other value.
struct Seek<'p> {
    path: &'p [String],
}

impl<'de> DeserializeSeed<'de> for Seek<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.path.is_empty() {
            deserializer.deserialize_any(Found)
        } else {
            deserializer.deserialize_any(self)
        }
    }
}

impl<'de> Visitor<'de> for Seek<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == self.path[0] {
                map.next_value_seed(Seek {
                    path: &self.path[1..],
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let wanted = self.path[0].parse::<usize>().ok();
        let mut index = 0;
        loop {
            let found = if Some(index) == wanted {
                seq.next_element_seed(Seek {
                    path: &self.path[1..],
                })?
            } else {
                seq.next_element::<IgnoredAny>()?.map(|_| ())
            };
            if found.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    // Scalars: the path goes on past them, so the place does not exist.
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_i128<E>(self, _: i128) -> Result<(), E> {
        Ok(())
    }
    fn visit_u128<E>(self, _: u128) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Fails on whatever value it is given: the parser adds the value's position to the error.
struct Found;

impl<'de> Visitor<'de> for Found {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(FOUND)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pointer(s: &str) -> Pointer {
        Pointer::from_fragment(s).unwrap()
    }

    #[test]
    fn refs_are_split_into_file_and_pointer() {
        assert_eq!(
            parse_ref("#/components/schemas/A"),
            RefText::Local(pointer("#/components/schemas/A"))
        );
        assert_eq!(
            parse_ref("./schemas/pet.yaml#/Pet"),
            RefText::File {
                path: "./schemas/pet.yaml".into(),
                pointer: pointer("#/Pet")
            }
        );
        assert_eq!(
            parse_ref("pet.yaml"),
            RefText::File {
                path: "pet.yaml".into(),
                pointer: Pointer::root()
            }
        );
        // Percent-encoding in both parts, `~1` for `/` in the pointer.
        assert_eq!(
            parse_ref("my%20pets.json#/paths/~1pets%7Bid%7D"),
            RefText::File {
                path: "my pets.json".into(),
                pointer: Pointer::root().push("paths").push("/pets{id}")
            }
        );
        assert_eq!(parse_ref("https://example.com/a.yaml#/A"), RefText::Remote);
        assert_eq!(parse_ref("HTTP://example.com/a.yaml"), RefText::Remote);
        assert_eq!(parse_ref("urn:x:y"), RefText::Scheme("urn".into()));
        assert_eq!(parse_ref("a.yaml#Pet"), RefText::BadFragment);
        assert!(matches!(parse_ref("C:/specs/a.yaml"), RefText::File { .. }));
    }

    #[test]
    fn paths_are_normalised_lexically() {
        assert_eq!(
            normalize(Path::new("a/./b/../c.yaml")),
            PathBuf::from("a/c.yaml")
        );
        assert_eq!(normalize(Path::new("./a.yaml")), PathBuf::from("a.yaml"));
        assert_eq!(
            normalize(Path::new("../x/../y.yaml")),
            PathBuf::from("../y.yaml")
        );
        assert_eq!(
            normalize(Path::new("/a/../../b.yaml")),
            PathBuf::from("/b.yaml")
        );
        assert_eq!(normalize(Path::new("a/..")), PathBuf::from("."));
    }

    #[test]
    fn places_are_located_in_yaml_and_json() {
        let yaml = "openapi: 3.0.3\npaths:\n  /pets:\n    get:\n      parameters:\n        - name: a\n        - $ref: 'x.yaml#/B'\n";
        let at = pointer("#/paths/~1pets/get/parameters/1/$ref");
        assert_eq!(locate(yaml, &at), Some((7, 17)));
        // A place that does not exist: its deepest ancestor that does (a block list starts at
        // its first item).
        let missing = pointer("#/paths/~1pets/get/parameters/5");
        assert_eq!(locate(yaml, &missing).map(|(l, _)| l), Some(6));
        let json = "{\n  \"a\": {\n    \"$ref\": \"b.json#/B\"\n  }\n}";
        assert_eq!(locate(json, &pointer("#/a/$ref")).map(|(l, _)| l), Some(3));
        assert_eq!(locate("- 1\n- a: 2\n", &pointer("#/1/a")), Some((2, 6)));
    }
}
