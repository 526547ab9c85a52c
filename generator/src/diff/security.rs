//! Security: the schemes (`components/securitySchemes`) and the requirements of each operation
//! (its own `security`, else the document's). A requirement list is a choice of alternatives,
//! each a set of schemes (with OAuth2/OpenID scopes) used together; an empty list, or an empty
//! alternative, means no credentials are needed.
//!
//! When both versions of an operation inherit the document's requirements, a change to them is
//! reported once, for the whole API, with the number of operations concerned.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::doc::{Op, entries};
use super::report::Group;
use super::rules;
use super::{Ctx, Site};

/// One alternative: scheme name → required scopes.
type Alternative = BTreeMap<String, BTreeSet<String>>;

fn alternatives(value: Option<&Value>) -> Vec<Alternative> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|alt| {
            entries(Some(alt))
                .map(|(scheme, scopes)| {
                    let scopes = scopes
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect();
                    (scheme.clone(), scopes)
                })
                .collect()
        })
        .collect()
}

fn describe(alt: &Alternative) -> String {
    alt.iter()
        .map(|(scheme, scopes)| {
            if scopes.is_empty() {
                format!("`{scheme}`")
            } else {
                let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
                format!("`{scheme}` ({})", scopes.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Whether a requirement list lets a caller in without credentials.
fn is_open(alts: &[Alternative]) -> bool {
    alts.is_empty() || alts.iter().any(BTreeMap::is_empty)
}

fn compare_requirements(ctx: &mut Ctx, old: &[Alternative], new: &[Alternative], site: &Site) {
    match (is_open(old), is_open(new)) {
        (true, true) => return,
        (true, false) => {
            let alts: Vec<String> = new.iter().map(describe).collect();
            ctx.add(
                &rules::SECURITY_ADDED,
                site,
                format!("credentials now required: {}", alts.join(" or ")),
            );
            return;
        }
        (false, true) => {
            ctx.add(
                &rules::SECURITY_REMOVED,
                site,
                "credentials no longer required",
            );
            return;
        }
        (false, false) => {}
    }
    let schemes = |alt: &Alternative| alt.keys().cloned().collect::<BTreeSet<_>>();
    for a in old {
        let Some(b) = new.iter().find(|b| schemes(b) == schemes(a)) else {
            ctx.add(
                &rules::SECURITY_ALTERNATIVE_REMOVED,
                site,
                format!("{} no longer accepted", describe(a)),
            );
            continue;
        };
        for (scheme, scopes) in a {
            let now = &b[scheme];
            let added: Vec<&str> = now.difference(scopes).map(String::as_str).collect();
            let removed: Vec<&str> = scopes.difference(now).map(String::as_str).collect();
            if !added.is_empty() {
                ctx.add(
                    &rules::SECURITY_SCOPE_ADDED,
                    site,
                    format!("`{scheme}` now also requires {}", added.join(", ")),
                );
            }
            if !removed.is_empty() {
                ctx.add(
                    &rules::SECURITY_SCOPE_REMOVED,
                    site,
                    format!("`{scheme}` no longer requires {}", removed.join(", ")),
                );
            }
        }
    }
    for b in new {
        if !old.iter().any(|a| schemes(a) == schemes(b)) {
            ctx.add(
                &rules::SECURITY_ALTERNATIVE_ADDED,
                site,
                format!("{} now accepted", describe(b)),
            );
        }
    }
}

/// Changes to the document's requirements, for the operations that inherit them in both
/// versions.
pub(super) fn compare_inherited(ctx: &mut Ctx, pairs: &[(&Op, &Op)]) {
    let inheriting = pairs
        .iter()
        .filter(|(a, b)| a.get("security").is_none() && b.get("security").is_none())
        .count();
    if inheriting == 0 {
        return;
    }
    let old = alternatives(ctx.old.root.get("security"));
    let new = alternatives(ctx.new.root.get("security"));
    let s = if inheriting == 1 { "" } else { "s" };
    let site = Site::new(
        &Group::Document,
        format!("security of the {inheriting} operation{s} without their own"),
        None,
    );
    compare_requirements(ctx, &old, &new, &site);
}

/// The requirements of one operation, unless both versions inherit the document's.
pub(super) fn compare_operation(ctx: &mut Ctx, old: &Op, new: &Op, group: &Group) {
    let (a, b) = (old.get("security"), new.get("security"));
    if a.is_none() && b.is_none() {
        return;
    }
    let old_alts = alternatives(a.or_else(|| ctx.old.root.get("security")));
    let new_alts = alternatives(b.or_else(|| ctx.new.root.get("security")));
    let site = Site::new(group, "security", None);
    compare_requirements(ctx, &old_alts, &new_alts, &site);
}

/// Schemes present in both documents that work differently.
pub(super) fn compare_schemes(ctx: &mut Ctx) {
    let schemes = |root: &Value| {
        root.get("components")
            .and_then(|c| c.get("securitySchemes"))
            .cloned()
    };
    let (old, new) = (schemes(&ctx.old.root), schemes(&ctx.new.root));
    for (name, a) in entries(old.as_ref()) {
        let Some(b) = new.as_ref().and_then(|n| n.get(name)) else {
            continue;
        };
        let field = |v: &Value, key: &str| {
            v.get(key).and_then(Value::as_str).map(|s| {
                if key == "scheme" {
                    s.to_ascii_lowercase()
                } else {
                    s.to_owned()
                }
            })
        };
        let site = Site::new(&Group::Document, format!("security scheme `{name}`"), None);
        for key in ["type", "scheme", "in", "name"] {
            let (x, y) = (field(a, key), field(b, key));
            if x != y {
                let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
                ctx.add(
                    &rules::SECURITY_SCHEME_CHANGED,
                    &site,
                    format!("`{key}` changed from {} to {}", show(&x), show(&y)),
                );
            }
        }
    }
}
