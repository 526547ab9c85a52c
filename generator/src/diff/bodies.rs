//! Request bodies and responses: media types, statuses, response headers, and their schemas
//! (compared in the request or response direction).

use serde_json::Value;

use super::doc::{Doc, Op, entries};
use super::report::{Direction, Group};
use super::rules;
use super::schema;
use super::{Ctx, Site, is_true};
use crate::error::{Pointer, Result};

/// `application/json; charset=utf-8` → `application/json`.
fn media_key(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase()
}

/// The media types of a `content` map: (normalised key, media type object, pointer).
fn content<'a>(value: &'a Value, at: &Pointer) -> Vec<(String, &'a Value, Pointer)> {
    entries(value.get("content"))
        .map(|(media, m)| (media_key(media), m, at.push("content").push(media)))
        .collect()
}

/// `request body`, with the media type unless it is plain JSON.
fn body_label(prefix: &str, media: &str) -> String {
    if media == "application/json" {
        prefix.to_owned()
    } else {
        format!("{prefix} ({media})")
    }
}

/// Compare the media types of two `content` maps, and the schemas of those in both.
fn compare_content(
    ctx: &mut Ctx,
    (old, old_at): (&Value, &Pointer),
    (new, new_at): (&Value, &Pointer),
    group: &Group,
    prefix: &str,
    dir: Direction,
) -> Result<()> {
    let (old_media, new_media) = (content(old, old_at), content(new, new_at));
    let (removed_rule, added_rule) = match dir {
        Direction::Request => (
            &rules::REQUEST_MEDIA_TYPE_REMOVED,
            &rules::REQUEST_MEDIA_TYPE_ADDED,
        ),
        Direction::Response => (
            &rules::RESPONSE_MEDIA_TYPE_REMOVED,
            &rules::RESPONSE_MEDIA_TYPE_ADDED,
        ),
    };
    let whole = Site::new(group, prefix, None);
    for (media, m, at) in &old_media {
        let site = Site::new(group, body_label(prefix, media), Some(dir));
        match new_media.iter().find(|(n, _, _)| n == media) {
            None => ctx.add(removed_rule, &whole, format!("media type {media} removed")),
            Some((_, n, n_at)) => {
                if let (Some(os), Some(ns)) = (m.get("schema"), n.get("schema")) {
                    schema::compare(
                        ctx,
                        (os, &at.push("schema")),
                        (ns, &n_at.push("schema")),
                        &site,
                    )?;
                }
            }
        }
    }
    for (media, _, _) in &new_media {
        if !old_media.iter().any(|(o, _, _)| o == media) {
            ctx.add(added_rule, &whole, format!("media type {media} added"));
        }
    }
    Ok(())
}

fn resolved<'a>(
    doc: &'a Doc,
    value: Option<&'a Value>,
    at: &Pointer,
) -> Result<Option<(&'a Value, Pointer)>> {
    match value {
        Some(v) => {
            let r = doc.resolve(v, at)?;
            Ok(Some((r.value, r.ptr)))
        }
        None => Ok(None),
    }
}

pub(super) fn request_body(ctx: &mut Ctx, old: &Op, new: &Op, group: &Group) -> Result<()> {
    let old_body = resolved(
        ctx.old,
        old.get("requestBody"),
        &old.ptr.push("requestBody"),
    )?;
    let new_body = resolved(
        ctx.new,
        new.get("requestBody"),
        &new.ptr.push("requestBody"),
    )?;
    let site = Site::new(group, "request body", None);
    match (old_body, new_body) {
        (None, None) => {}
        (None, Some((b, _))) => {
            if is_true(b.get("required")) {
                ctx.add(
                    &rules::REQUIRED_REQUEST_BODY_ADDED,
                    &site,
                    "a body is now required",
                );
            } else {
                ctx.add(
                    &rules::OPTIONAL_REQUEST_BODY_ADDED,
                    &site,
                    "an optional body is now accepted",
                );
            }
        }
        (Some(_), None) => ctx.add(&rules::REQUEST_BODY_REMOVED, &site, "the body is gone"),
        (Some((a, a_at)), Some((b, b_at))) => {
            match (is_true(a.get("required")), is_true(b.get("required"))) {
                (false, true) => ctx.add(
                    &rules::REQUEST_BODY_BECAME_REQUIRED,
                    &site,
                    "the body is now required",
                ),
                (true, false) => ctx.add(
                    &rules::REQUEST_BODY_BECAME_OPTIONAL,
                    &site,
                    "the body is now optional",
                ),
                _ => {}
            }
            compare_content(
                ctx,
                (a, &a_at),
                (b, &b_at),
                group,
                "request body",
                Direction::Request,
            )?;
        }
    }
    Ok(())
}

/// `200`, `2XX`, `default`.
fn status_key(status: &str) -> String {
    status.to_ascii_uppercase().replace("DEFAULT", "default")
}

fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

pub(super) fn responses(ctx: &mut Ctx, old: &Op, new: &Op, group: &Group) -> Result<()> {
    let old_at = old.ptr.push("responses");
    let new_at = new.ptr.push("responses");
    let list = |op: &Op<'_>| -> Vec<(String, String)> {
        entries(op.get("responses"))
            .map(|(status, _)| (status_key(status), status.clone()))
            .collect()
    };
    let (old_list, new_list) = (list(old), list(new));
    for (key, written) in &old_list {
        let site = Site::new(group, format!("response {key}"), None);
        let Some((_, new_written)) = new_list.iter().find(|(k, _)| k == key) else {
            let rule = if is_success(key) {
                &rules::RESPONSE_SUCCESS_STATUS_REMOVED
            } else {
                &rules::RESPONSE_ERROR_STATUS_REMOVED
            };
            ctx.add(rule, &site, "status removed");
            continue;
        };
        let a = resolved(
            ctx.old,
            old.get("responses").and_then(|r| r.get(written)),
            &old_at.push(written),
        )?;
        let b = resolved(
            ctx.new,
            new.get("responses").and_then(|r| r.get(new_written)),
            &new_at.push(new_written),
        )?;
        if let (Some((a, a_at)), Some((b, b_at))) = (a, b) {
            response(ctx, (a, &a_at), (b, &b_at), group, key)?;
        }
    }
    for (key, _) in &new_list {
        if !old_list.iter().any(|(k, _)| k == key) {
            let site = Site::new(group, format!("response {key}"), None);
            let rule = if is_success(key) {
                &rules::RESPONSE_SUCCESS_STATUS_ADDED
            } else {
                &rules::RESPONSE_ERROR_STATUS_ADDED
            };
            ctx.add(rule, &site, "new status");
        }
    }
    Ok(())
}

fn response(
    ctx: &mut Ctx,
    (old, old_at): (&Value, &Pointer),
    (new, new_at): (&Value, &Pointer),
    group: &Group,
    status: &str,
) -> Result<()> {
    let prefix = format!("response {status}");
    compare_content(
        ctx,
        (old, old_at),
        (new, new_at),
        group,
        &prefix,
        Direction::Response,
    )?;
    let headers = |v: &'_ Value| -> Vec<(String, String)> {
        entries(v.get("headers"))
            .map(|(name, _)| (name.to_ascii_lowercase(), name.clone()))
            .collect()
    };
    let (old_headers, new_headers) = (headers(old), headers(new));
    for (name, written) in &old_headers {
        let site = Site::new(
            group,
            format!("{prefix} header `{name}`"),
            Some(Direction::Response),
        );
        let Some((_, new_written)) = new_headers.iter().find(|(n, _)| n == name) else {
            ctx.add(&rules::RESPONSE_HEADER_REMOVED, &site, "header removed");
            continue;
        };
        let a = resolved(
            ctx.old,
            old["headers"].get(written),
            &old_at.push("headers").push(written),
        )?;
        let b = resolved(
            ctx.new,
            new["headers"].get(new_written),
            &new_at.push("headers").push(new_written),
        )?;
        let (Some((a, a_at)), Some((b, b_at))) = (a, b) else {
            continue;
        };
        if is_true(a.get("required")) && !is_true(b.get("required")) {
            ctx.add(
                &rules::RESPONSE_HEADER_BECAME_OPTIONAL,
                &site,
                "header is now optional",
            );
        }
        if let (Some(os), Some(ns)) = (a.get("schema"), b.get("schema")) {
            schema::compare(
                ctx,
                (os, &a_at.push("schema")),
                (ns, &b_at.push("schema")),
                &site,
            )?;
        }
    }
    for (name, _) in &new_headers {
        if !old_headers.iter().any(|(o, _)| o == name) {
            let site = Site::new(group, format!("{prefix} header `{name}`"), None);
            ctx.add(&rules::RESPONSE_HEADER_ADDED, &site, "new header");
        }
    }
    Ok(())
}
