//! Structural, recursive comparison of two schemas read in one direction (request or response).
//!
//! A use site that refers to a component schema in both documents does not compare it there:
//! the component is compared once per direction, its changes reported under its own group, and
//! the use site is recorded. That keeps a change to a shared schema to one line however many
//! operations use it, and breaks reference cycles (a pair already compared is not compared
//! again). Inline schemas are compared where they are, with a stack guard against the cycles
//! that remain (an inline schema against a recursive component).

use std::sync::LazyLock;

use serde_json::Value;

use super::doc::{Doc, Resolved};
use super::report::{Direction, Group};
use super::rules::{self, Rule};
use super::view::{Additional, Bound, Member, View};
use super::{Ctx, Site};
use crate::error::{Pointer, Result};

/// Nesting deeper than this is not compared (documents this deep are not written by hand).
const MAX_DEPTH: usize = 64;

/// The schema that allows anything, compared against a missing `items` or
/// `additionalProperties`.
static ANYTHING: LazyLock<Value> = LazyLock::new(|| Value::Object(Default::default()));

/// Compare the schema `old` (at `old_at` in the old document) with `new`.
pub(super) fn compare(
    ctx: &mut Ctx,
    (old, old_at): (&Value, &Pointer),
    (new, new_at): (&Value, &Pointer),
    site: &Site,
) -> Result<()> {
    let o = ctx.old.resolve(old, old_at)?;
    let n = ctx.new.resolve(new, new_at)?;
    let dir = site.direction();
    if let (Some(a), Some(b)) = (schema_component(&o), schema_component(&n)) {
        let name = if a == b {
            a.to_owned()
        } else {
            format!("{a} → {b}")
        };
        let user = site.use_label();
        if user != format!("schema {name}") {
            ctx.report
                .uses
                .entry(name.clone())
                .or_default()
                .insert((user, dir));
        }
        if ctx.compared.insert((a.to_owned(), b.to_owned(), dir)) {
            let inner = Site {
                group: Group::Schema { name },
                prefix: b.to_owned(),
                path: String::new(),
                dir: Some(dir),
            };
            compare_resolved(ctx, &o, &n, &inner)?;
        }
        return Ok(());
    }
    compare_resolved(ctx, &o, &n, site)
}

/// The component schema name a reference led to.
fn schema_component<'a>(r: &'a Resolved) -> Option<&'a str> {
    let name = r.component.as_deref()?;
    r.ptr
        .to_string()
        .starts_with("#/components/schemas/")
        .then_some(name)
}

fn compare_resolved(ctx: &mut Ctx, o: &Resolved, n: &Resolved, site: &Site) -> Result<()> {
    let key = (o.ptr.clone(), n.ptr.clone(), site.direction());
    if ctx.stack.contains(&key) || ctx.stack.len() >= MAX_DEPTH {
        return Ok(());
    }
    ctx.stack.push(key);
    let old_doc: &Doc = ctx.old;
    let new_doc: &Doc = ctx.new;
    let result = View::of(old_doc, o)
        .and_then(|ov| View::of(new_doc, n).map(|nv| (ov, nv)))
        .and_then(|(ov, nv)| compare_views(ctx, &ov, &nv, site));
    ctx.stack.pop();
    result
}

fn compare_views(ctx: &mut Ctx, o: &View, n: &View, site: &Site) -> Result<()> {
    if !types(ctx, o, n, site) {
        return Ok(());
    }
    if o.nullable != n.nullable {
        let (rule, message) = if n.nullable {
            (&rules::NULLABLE_ADDED, "null is now allowed")
        } else {
            (&rules::NULLABLE_REMOVED, "null is no longer allowed")
        };
        ctx.add(rule, site, message);
    }
    match (o.format, n.format) {
        (Some(a), Some(b)) if a != b => ctx.add(
            &rules::FORMAT_CHANGED,
            site,
            format!("format changed from {a} to {b}"),
        ),
        (None, Some(b)) => ctx.add(&rules::FORMAT_ADDED, site, format!("format {b} added")),
        (Some(a), None) => ctx.add(&rules::FORMAT_REMOVED, site, format!("format {a} removed")),
        _ => {}
    }
    enumeration(ctx, o, n, site);
    limits(ctx, o, n, site);
    if o.pattern != n.pattern {
        match (o.pattern, n.pattern) {
            (Some(a), Some(b)) => ctx.add(
                &rules::PATTERN_CHANGED,
                site,
                format!("pattern changed from `{a}` to `{b}`"),
            ),
            (None, Some(b)) => ctx.add(&rules::PATTERN_ADDED, site, format!("pattern `{b}` added")),
            (Some(a), None) => ctx.add(
                &rules::PATTERN_REMOVED,
                site,
                format!("pattern `{a}` removed"),
            ),
            (None, None) => {}
        }
    }
    if o.multiple_of != n.multiple_of {
        let show = |v: Option<&Value>| v.map_or("none".to_owned(), Value::to_string);
        ctx.add(
            &rules::MULTIPLE_OF_CHANGED,
            site,
            format!(
                "multipleOf changed from {} to {}",
                show(o.multiple_of),
                show(n.multiple_of)
            ),
        );
    }
    if o.unique_items != n.unique_items {
        let (rule, message) = if n.unique_items {
            (&rules::UNIQUE_ITEMS_ADDED, "items must now be unique")
        } else {
            (
                &rules::UNIQUE_ITEMS_REMOVED,
                "items no longer have to be unique",
            )
        };
        ctx.add(rule, site, message);
    }
    default(ctx, o, n, site);
    properties(ctx, o, n, site)?;
    additional(ctx, o, n, site)?;
    if o.items.is_some() || n.items.is_some() {
        let anything = Pointer::root();
        let (ov, op) = o
            .items
            .as_ref()
            .map_or((&*ANYTHING, &anything), |(v, p)| (*v, p));
        let (nv, np) = n
            .items
            .as_ref()
            .map_or((&*ANYTHING, &anything), |(v, p)| (*v, p));
        compare(ctx, (ov, op), (nv, np), &site.child("[]"))?;
    }
    discriminator(ctx, o, n, site);
    members(ctx, "allOf", &o.all_of, &n.all_of, site)?;
    members(ctx, "oneOf", &o.one_of, &n.one_of, site)?;
    members(ctx, "anyOf", &o.any_of, &n.any_of, site)
}

/// Report a type change; false when the types are unrelated (nothing else is worth comparing).
fn types(ctx: &mut Ctx, o: &View, n: &View, site: &Site) -> bool {
    if o.types == n.types {
        return true;
    }
    let show = |v: &View| v.types.iter().copied().collect::<Vec<_>>().join(" or ");
    let covers = |all: &View, t: &str| {
        all.types.contains(t) || (t == "integer" && all.types.contains("number"))
    };
    if n.types.is_empty() {
        ctx.add(
            &rules::TYPE_WIDENED,
            site,
            format!("no longer restricted to {}", show(o)),
        );
    } else if o.types.is_empty() {
        ctx.add(
            &rules::TYPE_NARROWED,
            site,
            format!("now restricted to {}", show(n)),
        );
    } else if o.types.iter().all(|t| covers(n, t)) {
        ctx.add(
            &rules::TYPE_WIDENED,
            site,
            format!("type widened from {} to {}", show(o), show(n)),
        );
    } else if n.types.iter().all(|t| covers(o, t)) {
        ctx.add(
            &rules::TYPE_NARROWED,
            site,
            format!("type narrowed from {} to {}", show(o), show(n)),
        );
    } else {
        ctx.add(
            &rules::TYPE_CHANGED,
            site,
            format!("type changed from {} to {}", show(o), show(n)),
        );
        return false;
    }
    true
}

fn list(values: &[&Value]) -> String {
    values
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn enumeration(ctx: &mut Ctx, o: &View, n: &View, site: &Site) {
    match (&o.enumeration, &n.enumeration) {
        (Some(a), Some(b)) => {
            let added: Vec<&Value> = b.iter().copied().filter(|v| !a.contains(v)).collect();
            let removed: Vec<&Value> = a.iter().copied().filter(|v| !b.contains(v)).collect();
            if !removed.is_empty() {
                let s = if removed.len() == 1 { "" } else { "s" };
                ctx.add(
                    &rules::ENUM_VALUE_REMOVED,
                    site,
                    format!("enum value{s} {} removed", list(&removed)),
                );
            }
            if !added.is_empty() {
                let s = if added.len() == 1 { "" } else { "s" };
                ctx.add(
                    &rules::ENUM_VALUE_ADDED,
                    site,
                    format!("enum value{s} {} added", list(&added)),
                );
            }
        }
        (None, Some(b)) => ctx.add(
            &rules::ENUM_ADDED,
            site,
            format!("now restricted to {}", list(b)),
        ),
        (Some(a), None) => ctx.add(
            &rules::ENUM_REMOVED,
            site,
            format!("no longer restricted to {}", list(a)),
        ),
        (None, None) => {}
    }
}

/// The rules of one limit: the one for narrowing it, the one for widening it.
type LimitRules = (&'static Rule, &'static Rule);

/// A limit's keyword, its old and new values, and its rules.
type Limit<'a> = (&'a str, (Option<Bound>, Option<Bound>), LimitRules);

fn limits(ctx: &mut Ctx, o: &View, n: &View, site: &Site) {
    use rules::*;
    let both = |a: &Option<Bound>, b: &Option<Bound>| (a.clone(), b.clone());
    let upper: [Limit; 3] = [
        (
            "maxLength",
            both(&o.max_length, &n.max_length),
            (&MAX_LENGTH_DECREASED, &MAX_LENGTH_INCREASED),
        ),
        (
            "maximum",
            both(&o.maximum, &n.maximum),
            (&MAXIMUM_DECREASED, &MAXIMUM_INCREASED),
        ),
        (
            "maxItems",
            both(&o.max_items, &n.max_items),
            (&MAX_ITEMS_DECREASED, &MAX_ITEMS_INCREASED),
        ),
    ];
    let lower: [Limit; 3] = [
        (
            "minLength",
            both(&o.min_length, &n.min_length),
            (&MIN_LENGTH_INCREASED, &MIN_LENGTH_DECREASED),
        ),
        (
            "minimum",
            both(&o.minimum, &n.minimum),
            (&MINIMUM_INCREASED, &MINIMUM_DECREASED),
        ),
        (
            "minItems",
            both(&o.min_items, &n.min_items),
            (&MIN_ITEMS_INCREASED, &MIN_ITEMS_DECREASED),
        ),
    ];
    for (is_upper, checks) in [(true, upper), (false, lower)] {
        for (keyword, (old, new), rules) in checks {
            limit(ctx, site, keyword, (old, new), is_upper, rules);
        }
    }
}

/// Compare one limit; `upper` for a maximum (smaller is narrower), else a minimum.
fn limit(
    ctx: &mut Ctx,
    site: &Site,
    keyword: &str,
    (old, new): (Option<Bound>, Option<Bound>),
    upper: bool,
    (narrowed, widened): LimitRules,
) {
    match (old, new) {
        (Some(a), Some(b)) => {
            let tighter = |x: &Bound, y: &Bound| {
                let beyond = if upper {
                    x.value < y.value
                } else {
                    x.value > y.value
                };
                beyond || (x.value == y.value && x.exclusive && !y.exclusive)
            };
            let message = format!(
                "{keyword} changed from {} to {}",
                a.describe(),
                b.describe()
            );
            if tighter(&b, &a) {
                ctx.add(narrowed, site, message);
            } else if tighter(&a, &b) {
                ctx.add(widened, site, message);
            }
        }
        (None, Some(b)) => ctx.add(narrowed, site, format!("{keyword} {} added", b.describe())),
        (Some(a), None) => ctx.add(widened, site, format!("{keyword} {} removed", a.describe())),
        (None, None) => {}
    }
}

fn default(ctx: &mut Ctx, o: &View, n: &View, site: &Site) {
    match (o.default, n.default) {
        (Some(a), Some(b)) if a != b => ctx.add(
            &rules::DEFAULT_CHANGED,
            site,
            format!("default changed from {a} to {b}"),
        ),
        (None, Some(b)) => ctx.add(&rules::DEFAULT_ADDED, site, format!("default {b} added")),
        (Some(a), None) => ctx.add(
            &rules::DEFAULT_REMOVED,
            site,
            format!("default {a} removed"),
        ),
        _ => {}
    }
}

/// Whether a property takes part in this direction (readOnly ones are not sent, writeOnly ones
/// not returned), and whether it is readOnly / writeOnly.
fn flags(doc: &Doc, value: &Value, at: &Pointer) -> Result<(bool, bool)> {
    let r = doc.resolve(value, at)?;
    let get = |key: &str| r.value.get(key) == Some(&Value::Bool(true));
    Ok((get("readOnly"), get("writeOnly")))
}

fn takes_part((read_only, write_only): (bool, bool), dir: Direction) -> bool {
    match dir {
        Direction::Request => !read_only,
        Direction::Response => !write_only,
    }
}

fn properties(ctx: &mut Ctx, o: &View, n: &View, site: &Site) -> Result<()> {
    let dir = site.direction();
    for (name, ov, optr) in &o.properties {
        let child = site.child(name);
        let oflags = flags(ctx.old, ov, optr)?;
        let Some((nv, nptr)) = n.property(name) else {
            if takes_part(oflags, dir) {
                ctx.add(&rules::PROPERTY_REMOVED, &child, "property removed");
            }
            continue;
        };
        let nflags = flags(ctx.new, nv, nptr)?;
        if dir == Direction::Request && !oflags.0 && nflags.0 {
            ctx.add(
                &rules::PROPERTY_BECAME_READ_ONLY,
                &child,
                "property is now readOnly",
            );
        }
        if dir == Direction::Response && !oflags.1 && nflags.1 {
            ctx.add(
                &rules::PROPERTY_BECAME_WRITE_ONLY,
                &child,
                "property is now writeOnly",
            );
        }
        let (was, is) = (takes_part(oflags, dir), takes_part(nflags, dir));
        let old_required = was && o.required.contains(name);
        let new_required = is && n.required.contains(name);
        if was && is {
            if !old_required && new_required {
                ctx.add(
                    &rules::PROPERTY_BECAME_REQUIRED,
                    &child,
                    "property is now required",
                );
            } else if old_required && !new_required {
                ctx.add(
                    &rules::PROPERTY_BECAME_OPTIONAL,
                    &child,
                    "property is now optional",
                );
            }
            compare(ctx, (ov, optr), (nv, nptr), &child)?;
        } else if !was && is && new_required {
            // A readOnly property that clients must now send (or the writeOnly reverse).
            ctx.add(
                &rules::PROPERTY_BECAME_REQUIRED,
                &child,
                "property is now required",
            );
        }
    }
    for (name, nv, nptr) in &n.properties {
        if o.property(name).is_some() {
            continue;
        }
        let nflags = flags(ctx.new, nv, nptr)?;
        if !takes_part(nflags, dir) {
            continue;
        }
        let what = summary(ctx.new, nv, nptr)?;
        let child = site.child(name);
        if n.required.contains(name) {
            ctx.add(
                &rules::REQUIRED_PROPERTY_ADDED,
                &child,
                format!("new required property ({what})"),
            );
        } else {
            ctx.add(
                &rules::OPTIONAL_PROPERTY_ADDED,
                &child,
                format!("new optional property ({what})"),
            );
        }
    }
    Ok(())
}

fn additional(ctx: &mut Ctx, o: &View, n: &View, site: &Site) -> Result<()> {
    match (allowed(&o.additional), allowed(&n.additional)) {
        (Some(_), None) => ctx.add(
            &rules::ADDITIONAL_PROPERTIES_FORBIDDEN,
            site,
            "undeclared members are no longer allowed",
        ),
        (None, Some(_)) => ctx.add(
            &rules::ADDITIONAL_PROPERTIES_ALLOWED,
            site,
            "undeclared members are now allowed",
        ),
        (Some((ov, op)), Some((nv, np))) => {
            let any = |a: &Additional| matches!(a, Additional::Any);
            if !(any(&o.additional) && any(&n.additional)) {
                compare(ctx, (ov, &op), (nv, &np), &site.child("*"))?;
            }
        }
        (None, None) => {}
    }
    Ok(())
}

/// The schema of undeclared members (anything for `Any`), `None` when they are forbidden.
fn allowed<'a>(a: &Additional<'a>) -> Option<(&'a Value, Pointer)> {
    match a {
        Additional::Schema(v, p) => Some((*v, p.clone())),
        Additional::Any => Some((&*ANYTHING, Pointer::root())),
        Additional::Forbidden => None,
    }
}

fn discriminator(ctx: &mut Ctx, o: &View, n: &View, site: &Site) {
    let property = |d: Option<&Value>| {
        d.and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let (a, b) = (property(o.discriminator), property(n.discriminator));
    if a != b {
        let show = |p: &Option<String>| p.as_ref().map_or("none".to_owned(), |p| format!("`{p}`"));
        ctx.add(
            &rules::DISCRIMINATOR_CHANGED,
            site,
            format!(
                "discriminator property changed from {} to {}",
                show(&a),
                show(&b)
            ),
        );
        return;
    }
    let mapping = |d: Option<&Value>| d.and_then(|d| d.get("mapping")).cloned();
    let (old_map, new_map) = (mapping(o.discriminator), mapping(n.discriminator));
    for (key, target) in super::doc::entries(old_map.as_ref()) {
        match new_map.as_ref().and_then(|m| m.get(key)) {
            None => ctx.add(
                &rules::DISCRIMINATOR_CHANGED,
                site,
                format!("discriminator value {key:?} removed (it selected {target})"),
            ),
            Some(now) if now != target => ctx.add(
                &rules::DISCRIMINATOR_CHANGED,
                site,
                format!("discriminator value {key:?} now selects {now} instead of {target}"),
            ),
            Some(_) => {}
        }
    }
}

/// Match `allOf`/`oneOf`/`anyOf` members: references by component name, inline members by
/// their order among the inline ones.
fn members(ctx: &mut Ctx, keyword: &str, o: &[Member], n: &[Member], site: &Site) -> Result<()> {
    let (added_rule, removed_rule) = if keyword == "allOf" {
        (&rules::ALL_OF_MEMBER_ADDED, &rules::ALL_OF_MEMBER_REMOVED)
    } else {
        (&rules::UNION_MEMBER_ADDED, &rules::UNION_MEMBER_REMOVED)
    };
    let inline = |list: &[Member]| -> Vec<usize> {
        (0..list.len())
            .filter(|&i| list[i].component.is_none())
            .collect()
    };
    let (old_inline, new_inline) = (inline(o), inline(n));
    let partner = |m: &Member, position: usize| -> Option<usize> {
        match &m.component {
            Some(name) => n.iter().position(|x| x.component.as_ref() == Some(name)),
            None => new_inline.get(position).copied(),
        }
    };
    let mut matched = vec![false; n.len()];
    for (i, m) in o.iter().enumerate() {
        let position = old_inline.iter().position(|&x| x == i).unwrap_or(0);
        match partner(m, position) {
            Some(j) => {
                matched[j] = true;
                let child = site.child(&format!("{keyword}[{}]", m.label_short()));
                compare(ctx, (m.value, &m.ptr), (n[j].value, &n[j].ptr), &child)?;
            }
            None => ctx.add(
                removed_rule,
                site,
                format!("{keyword} member {} removed", m.label()),
            ),
        }
    }
    for (j, m) in n.iter().enumerate() {
        if !matched[j] {
            ctx.add(
                added_rule,
                site,
                format!("{keyword} member {} added", m.label()),
            );
        }
    }
    Ok(())
}

impl Member<'_> {
    fn label_short(&self) -> String {
        self.component
            .clone()
            .unwrap_or_else(|| (self.index + 1).to_string())
    }
}

/// A few words for a schema: its component name, or its type (`string (date-time)`,
/// `array of Pet`).
pub(super) fn summary(doc: &Doc, value: &Value, at: &Pointer) -> Result<String> {
    summary_at(doc, value, at, 0)
}

fn summary_at(doc: &Doc, value: &Value, at: &Pointer, depth: usize) -> Result<String> {
    let r = doc.resolve(value, at)?;
    if let Some(name) = schema_component(&r) {
        return Ok(format!("`{name}`"));
    }
    let ty = r.value.get("type").and_then(Value::as_str).unwrap_or("");
    let format = r.value.get("format").and_then(Value::as_str);
    Ok(match (ty, format) {
        ("array", _) if depth < 4 => match r.value.get("items") {
            Some(items) => format!(
                "array of {}",
                summary_at(doc, items, &r.ptr.push("items"), depth + 1)?
            ),
            None => "array".into(),
        },
        ("", _) if r.value.get("properties").is_some() => "object".into(),
        ("", _) => "any value".into(),
        (ty, Some(f)) => format!("{ty} ({f})"),
        (ty, None) => ty.to_owned(),
    })
}
