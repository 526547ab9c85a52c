//! Operations matched by method and path (path parameter names normalised, so a renamed path
//! parameter or operationId is reported as such, not as a removal and an addition), and their
//! parameters. Bodies and responses are in [`super::bodies`].

use std::collections::HashMap;

use super::bodies;
use super::doc::{Op, Param};
use super::report::{Direction, Group};
use super::rules;
use super::schema;
use super::security;
use super::{Ctx, Site, is_true};
use crate::error::Result;

pub(super) fn compare(ctx: &mut Ctx) -> Result<()> {
    let old_doc = ctx.old;
    let new_doc = ctx.new;
    let old_ops = old_doc.operations()?;
    let new_ops = new_doc.operations()?;
    let index: HashMap<&str, usize> = new_ops
        .iter()
        .enumerate()
        .map(|(i, op)| (op.key.as_str(), i))
        .collect();
    let mut matched = vec![false; new_ops.len()];
    let mut pairs = Vec::new();
    for old in &old_ops {
        match index.get(old.key.as_str()) {
            Some(&i) => {
                matched[i] = true;
                pairs.push((old, &new_ops[i]));
            }
            None => {
                let group = group_of(ctx, old);
                let site = Site::new(&group, "", None);
                ctx.add(&rules::OPERATION_REMOVED, &site, "operation removed");
            }
        }
    }
    for (i, new) in new_ops.iter().enumerate() {
        if !matched[i] {
            let group = group_of(ctx, new);
            let site = Site::new(&group, "", None);
            ctx.add(&rules::OPERATION_ADDED, &site, "new operation");
        }
    }
    security::compare_inherited(ctx, &pairs);
    for (old, new) in pairs {
        compare_op(ctx, old, new)?;
    }
    Ok(())
}

/// The group of an operation (and its operationId remembered for the heading).
fn group_of(ctx: &mut Ctx, op: &Op) -> Group {
    let group = Group::Operation {
        path: op.path.clone(),
        method: op.method.clone(),
    };
    if let Some(id) = op.id() {
        ctx.report
            .operation_ids
            .insert(group.clone(), id.to_owned());
    }
    group
}

fn compare_op(ctx: &mut Ctx, old: &Op, new: &Op) -> Result<()> {
    let group = group_of(ctx, new);
    let site = Site::new(&group, "", None);
    match (old.id(), new.id()) {
        (a, b) if a == b => {}
        (Some(a), Some(b)) => ctx.add(
            &rules::OPERATION_ID_CHANGED,
            &site,
            format!("operationId changed from `{a}` to `{b}`"),
        ),
        (None, Some(b)) => ctx.add(
            &rules::OPERATION_ID_CHANGED,
            &site,
            format!("operationId `{b}` added"),
        ),
        (Some(a), None) => ctx.add(
            &rules::OPERATION_ID_CHANGED,
            &site,
            format!("operationId `{a}` removed"),
        ),
        (None, None) => {}
    }
    if !is_true(old.get("deprecated")) && is_true(new.get("deprecated")) {
        ctx.add(&rules::OPERATION_DEPRECATED, &site, "operation deprecated");
    }
    let (old_names, new_names) = (old.path_names(), new.path_names());
    for (a, b) in old_names.iter().zip(&new_names) {
        if a != b {
            ctx.add(
                &rules::PATH_PARAMETER_RENAMED,
                &site,
                format!("path parameter `{a}` renamed to `{b}`"),
            );
        }
    }
    parameters(ctx, old, new, &group)?;
    bodies::request_body(ctx, old, new, &group)?;
    bodies::responses(ctx, old, new, &group)?;
    security::compare_operation(ctx, old, new, &group);
    Ok(())
}

/// How parameters are matched: path parameters by their place in the template, the others by
/// location and name.
fn key(op: &Op, p: &Param) -> (String, String) {
    if p.location == "path"
        && let Some(i) = op.path_names().iter().position(|n| *n == p.name)
    {
        return ("path".into(), i.to_string());
    }
    (p.location.clone(), p.name.clone())
}

fn label(p: &Param) -> String {
    format!("{} parameter `{}`", p.location, p.name)
}

fn parameters(ctx: &mut Ctx, old: &Op, new: &Op, group: &Group) -> Result<()> {
    let new_keys: Vec<(String, String)> = new.params.iter().map(|p| key(new, p)).collect();
    let mut matched = vec![false; new.params.len()];
    for p in &old.params {
        let k = key(old, p);
        let site = Site::new(group, label(p), None);
        let Some(j) = new_keys.iter().position(|n| *n == k) else {
            // The same name elsewhere is a move, not a removal and an addition.
            let moved = new.params.iter().enumerate().find(|(j, q)| {
                !matched[*j] && q.name == p.name && q.location != p.location && q.location != "path"
            });
            if let Some((j, q)) = moved {
                matched[j] = true;
                ctx.add(
                    &rules::PARAMETER_LOCATION_CHANGED,
                    &site,
                    format!("moved from {} to {}", p.location, q.location),
                );
            } else {
                ctx.add(&rules::PARAMETER_REMOVED, &site, "parameter removed");
            }
            continue;
        };
        matched[j] = true;
        let q = &new.params[j];
        let site = Site::new(group, label(q), Some(Direction::Request));
        match (p.required(), q.required()) {
            (false, true) => ctx.add(
                &rules::PARAMETER_BECAME_REQUIRED,
                &site,
                "parameter is now required",
            ),
            (true, false) => ctx.add(
                &rules::PARAMETER_BECAME_OPTIONAL,
                &site,
                "parameter is now optional",
            ),
            _ => {}
        }
        let (old_style, new_style) = (p.style(), q.style());
        if old_style != new_style {
            let show =
                |(style, explode): (String, bool)| format!("style {style}, explode {explode}");
            ctx.add(
                &rules::PARAMETER_STYLE_CHANGED,
                &site,
                format!(
                    "serialisation changed from {} to {}",
                    show(old_style),
                    show(new_style)
                ),
            );
        }
        if let (Some((os, op)), Some((ns, np))) = (p.schema(), q.schema()) {
            schema::compare(ctx, (os, &op), (ns, &np), &site)?;
        }
    }
    for (j, q) in new.params.iter().enumerate() {
        if matched[j] {
            continue;
        }
        let site = Site::new(group, label(q), None);
        let what = match q.schema() {
            Some((s, at)) => schema::summary(ctx.new, s, &at)?,
            None => "any value".into(),
        };
        if q.required() {
            ctx.add(
                &rules::REQUIRED_PARAMETER_ADDED,
                &site,
                format!("new required parameter ({what})"),
            );
        } else {
            ctx.add(
                &rules::OPTIONAL_PARAMETER_ADDED,
                &site,
                format!("new optional parameter ({what})"),
            );
        }
    }
    Ok(())
}
