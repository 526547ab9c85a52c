//! The component names of what a spec imports from other files (see `bundle`).
//!
//! The rule, for the targets of one component section (schemas, parameters...):
//!
//! 1. Each target wants a name: the last segment of its JSON pointer when it looks like a
//!    component name (letters, digits, `.`, `-`, `_`, not only digits):
//!    `schemas/pet.yaml#/Pet` and `common.yaml#/components/schemas/Pet` want `Pet`; a whole
//!    file wants its stem (`schemas/Owner.yaml` wants `Owner`); anything else wants the stem
//!    and the pointer's segments in UpperCamelCase (`params.yaml#/list/0` wants `ParamsList0`).
//! 2. A wanted name that no other target wants and that the root document's own components
//!    do not use is given as is.
//! 3. Targets that still have no name are qualified by their file, nearest part first: the
//!    file's stem, then its folders (a whole file: its folders only), UpperCamelCase, one more
//!    part per round (`schemas/pet.yaml#/Status` → `PetStatus` → `SchemasPetStatus`); a part
//!    spelled like the wanted name is skipped (`errors/error.yaml#/Error` → `ErrorsError`, not
//!    `ErrorError`). Each round gives a name to every target whose candidate is unique and
//!    free, exactly as in step 2.
//! 4. Then the stem, folders and every pointer segment; last, a number (`2`, `3`...), in the
//!    order of file path and pointer.
//!
//! Names are compared as Rust type names (`pet` and `Pet` collide). The result depends only on
//! the set of targets and the root's names, never on the order the files were read in.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::error::Pointer;
use crate::lower::names::type_name;

/// A target that needs a component name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Wanted {
    /// The target's file, relative to the root document's folder when it is inside it.
    pub file: PathBuf,
    /// Where in the file (the root for a whole-file reference).
    pub pointer: Pointer,
}

/// The names of `wanted` (in its order), distinct from each other and from `reserved` (the
/// root's own names in the section) as Rust type names.
pub(crate) fn assign(wanted: &[Wanted], reserved: &[String]) -> Vec<String> {
    let candidates: Vec<Candidates> = wanted.iter().map(Candidates::of).collect();
    let mut taken: HashSet<String> = reserved.iter().map(|n| type_name(n)).collect();
    let mut names: Vec<Option<String>> = vec![None; wanted.len()];
    let mut pending: Vec<usize> = (0..wanted.len()).collect();
    pending.sort_by(|&a, &b| wanted[a].cmp(&wanted[b]));
    let rounds = candidates.iter().map(|c| c.names.len()).max().unwrap_or(0);
    for round in 0..rounds {
        let round_names: Vec<(usize, &String)> = pending
            .iter()
            .map(|&i| (i, candidates[i].at(round)))
            .collect();
        let mut count: HashMap<String, usize> = HashMap::new();
        for (_, name) in &round_names {
            *count.entry(type_name(name)).or_default() += 1;
        }
        for (i, name) in round_names {
            let key = type_name(name);
            if count[&key] == 1 && !taken.contains(&key) {
                taken.insert(key);
                names[i] = Some(name.clone());
            }
        }
        pending.retain(|&i| names[i].is_none());
    }
    for i in pending {
        let last = candidates[i].at(rounds);
        let name = (2..)
            .map(|n| format!("{last}{n}"))
            .find(|name| !taken.contains(&type_name(name)))
            .expect("some number is free");
        taken.insert(type_name(&name));
        names[i] = Some(name);
    }
    names
        .into_iter()
        .map(|n| n.expect("every target is named"))
        .collect()
}

/// The names a target tries, round by round.
struct Candidates {
    names: Vec<String>,
}

impl Candidates {
    fn of(w: &Wanted) -> Candidates {
        let stem = w
            .file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let segments: Vec<String> = w.pointer.segments().collect();
        let whole_file = segments.is_empty();
        let base = match segments.last() {
            None => sanitize(&stem),
            Some(last) if is_component_like(last) => last.clone(),
            Some(_) => type_name(
                &std::iter::once(stem.clone())
                    .chain(segments.clone())
                    .collect::<Vec<_>>()
                    .join("_"),
            ),
        };
        // Nearest first: the stem (unless the reference is to the whole file), then the folders.
        let mut qualifiers: Vec<String> = Vec::new();
        if !whole_file {
            qualifiers.push(stem);
        }
        qualifiers.extend(folders(&w.file).into_iter().rev());
        let base_key = type_name(&base);
        qualifiers.retain(|q| type_name(q) != base_key);
        let mut names = vec![base.clone()];
        for k in 1..=qualifiers.len() {
            let mut parts: Vec<&str> = qualifiers[..k].iter().rev().map(String::as_str).collect();
            parts.push(&base);
            names.push(type_name(&parts.join("_")));
        }
        let mut full: Vec<String> = qualifiers.iter().rev().cloned().collect();
        full.extend(segments);
        if whole_file {
            full.push(base);
        }
        names.push(type_name(&full.join("_")));
        Candidates { names }
    }

    /// The name of round `round` (the last one once the rounds run out).
    fn at(&self, round: usize) -> &String {
        &self.names[round.min(self.names.len() - 1)]
    }
}

/// The folders of `file`'s path (`..` and the root left out).
fn folders(file: &Path) -> Vec<String> {
    file.parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect()
}

/// A component name as OpenAPI allows them (`^[a-zA-Z0-9.\-_]+$`), and not an array index.
fn is_component_like(segment: &str) -> bool {
    !segment.is_empty()
        && segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c))
        && !segment.chars().all(|c| c.is_ascii_digit())
}

/// `text` with every character a component name may not hold replaced by `_`.
fn sanitize(text: &str) -> String {
    let out: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() {
        "Unnamed".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(r: &str) -> Wanted {
        let (file, fragment) = r.split_once('#').unwrap_or((r, ""));
        Wanted {
            file: file.into(),
            pointer: Pointer::from_fragment(&format!("#{fragment}")).unwrap(),
        }
    }

    fn names(refs: &[&str], reserved: &[&str]) -> Vec<String> {
        let wanted: Vec<Wanted> = refs.iter().map(|r| wanted(r)).collect();
        let reserved: Vec<String> = reserved.iter().map(|r| r.to_string()).collect();
        assign(&wanted, &reserved)
    }

    #[test]
    fn a_name_comes_from_the_pointer_or_the_file() {
        assert_eq!(
            names(
                &[
                    "schemas/pet.yaml#/Pet",
                    "common.yaml#/components/schemas/Error",
                    "schemas/Owner.yaml",
                    "parameters/page-size.yaml",
                    "params.yaml#/list/0",
                    "odd.yaml#/has space",
                ],
                &[]
            ),
            [
                "Pet",
                "Error",
                "Owner",
                "page-size",
                "ParamsList0",
                "OddHasSpace"
            ]
        );
    }

    #[test]
    fn colliding_names_are_qualified_by_their_file() {
        assert_eq!(
            names(
                &[
                    "schemas/pet.yaml#/Status",
                    "schemas/order.yaml#/Status",
                    "x.yaml#/Other"
                ],
                &[]
            ),
            ["PetStatus", "OrderStatus", "Other"]
        );
        // The root's own components keep their names.
        assert_eq!(names(&["common.yaml#/Error"], &["Error"]), ["CommonError"]);
        // A file named like the schema is skipped: the folder qualifies it.
        assert_eq!(
            names(&["schemas/common/error.yaml#/Error"], &["Error"]),
            ["CommonError"]
        );
        // Same stem in two folders: the folders tell them apart.
        assert_eq!(
            names(&["a/common.yaml#/E", "b/common.yaml#/E"], &[]),
            ["ACommonE", "BCommonE"]
        );
        // Same file, two places: the pointer does.
        assert_eq!(
            names(&["x.yaml#/a/Item", "x.yaml#/b/Item"], &[]),
            ["XAItem", "XBItem"]
        );
        // Whole files with the same stem: their folders.
        assert_eq!(
            names(&["v1/pet.yaml", "v2/pet.yaml"], &[]),
            ["V1Pet", "V2Pet"]
        );
    }

    #[test]
    fn names_collide_as_rust_names_and_numbers_come_last() {
        // `pet` would be the Rust type `Pet`, which the root has.
        assert_eq!(names(&["pet.yaml"], &["Pet"]), ["Pet2"]);
        assert_eq!(names(&["a.yaml#/x"], &["X", "AX"]), ["AX2"]);
        // A qualified name never takes a name another target wants as is.
        assert_eq!(
            names(
                &[
                    "pet.yaml#/Status",
                    "order.yaml#/Status",
                    "x.yaml#/PetStatus"
                ],
                &[]
            ),
            ["PetStatus2", "OrderStatus", "PetStatus"]
        );
    }

    #[test]
    fn names_do_not_depend_on_the_order_targets_are_found_in() {
        let refs = [
            "schemas/pet.yaml#/Status",
            "schemas/order.yaml#/Status",
            "a/common.yaml#/E",
            "b/common.yaml#/E",
            "common.yaml#/E",
            "x.yaml#/PetStatus",
            "pet.yaml",
            "Pet.json",
        ];
        let expected: HashMap<&str, String> =
            refs.iter().copied().zip(names(&refs, &["Pet"])).collect();
        let mut order: Vec<&str> = refs.to_vec();
        for shift in 1..refs.len() {
            order.rotate_left(1);
            if shift % 3 == 0 {
                order.reverse();
            }
            let got = names(&order, &["Pet"]);
            for (r, name) in order.iter().zip(&got) {
                assert_eq!(&expected[r], name, "{r} in {order:?}");
            }
        }
        let all: HashSet<String> = expected.values().map(|n| type_name(n)).collect();
        assert_eq!(all.len(), refs.len(), "{expected:?}");
    }
}
