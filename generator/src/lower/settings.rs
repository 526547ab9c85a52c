//! The generator settings ([`crate::settings`]) applied to the lowered API: which operations
//! are kept (and so which types), renames, extra derives and attributes, replaced types, open
//! enums, the parts and extra dependencies. Every key is checked against what was generated: a
//! key that names nothing is an error naming the setting.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::error::Result;
use crate::ir::{Additional, ContentKind, Operation, Parts, Shape, Ty, TypeDef, TypeKind};
use crate::settings::{Part, Settings, UnknownEnumValues};

/// Whether the operation with this id and these tags is generated.
pub(crate) fn selected(settings: &Settings, id: Option<&str>, tags: &[String]) -> bool {
    let wanted = &settings.operations;
    !wanted.is_subset()
        || id.is_some_and(|id| wanted.ids.iter().any(|i| i == id))
        || tags.iter().any(|t| wanted.tags.contains(t))
}

/// Every operation id and tag the subset names exists in the spec.
pub(crate) fn check_subset<'a>(
    settings: &Settings,
    ids: impl IntoIterator<Item = &'a str>,
    tags: impl IntoIterator<Item = &'a str>,
) -> Result<()> {
    let ids: HashSet<&str> = ids.into_iter().collect();
    let tags: HashSet<&str> = tags.into_iter().collect();
    for id in &settings.operations.ids {
        if !ids.contains(id.as_str()) {
            return Err(settings.error(
                "operations.ids",
                format!("no operation has the operationId {id:?}"),
            ));
        }
    }
    for tag in &settings.operations.tags {
        if !tags.contains(tag.as_str()) {
            return Err(settings.error(
                "operations.tags",
                format!("no operation has the tag {tag:?}"),
            ));
        }
    }
    Ok(())
}

/// The method name the settings give the operation `id`, checked to be a Rust identifier.
pub(crate) fn operation_rename(settings: &Settings, id: &str) -> Result<Option<String>> {
    let Some(name) = settings.rename.operations.get(id) else {
        return Ok(None);
    };
    let key = format!("rename.operations.{id}");
    check_ident(settings, &key, name)?;
    let snake = crate::lower::names::snake_name(name);
    if snake != *name {
        return Err(settings.error(
            &key,
            format!("{name:?} is not a snake_case method name (say {snake:?})"),
        ));
    }
    Ok(Some(name.clone()))
}

/// Every operation rename names an operation of the spec.
pub(crate) fn check_operation_renames<'a>(
    settings: &Settings,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<()> {
    let ids: HashSet<&str> = ids.into_iter().collect();
    for id in settings.rename.operations.keys() {
        if !ids.contains(id.as_str()) {
            return Err(settings.error(
                &format!("rename.operations.{id}"),
                format!("no operation has the operationId {id:?}"),
            ));
        }
    }
    Ok(())
}

/// Apply everything that acts on the lowered API, in order: drop the types the kept operations
/// do not use (when a subset is asked for), rename types and fields, then add derives,
/// attributes, replacements and open enums, and record the parts and dependencies.
pub(crate) fn apply(
    settings: &Settings,
    types: &mut Vec<TypeDef>,
    operations: &mut [Operation],
) -> Result<(Parts, Vec<(String, String)>)> {
    check_type_keys(settings, types, operations)?;
    if settings.operations.is_subset() {
        keep_used(types, operations);
    }
    rename_types(settings, types, operations)?;
    rename_fields(settings, types, operations)?;
    extras(settings, types)?;
    check_replaced_uses(settings, types, operations)?;
    if settings.unknown_enum_values == UnknownEnumValues::Keep {
        for t in types.iter_mut() {
            if let TypeKind::Enum(e) = &mut t.kind {
                e.open = true;
            }
        }
    }
    let parts = Parts {
        client: settings.has(Part::Client),
        server: settings.has(Part::Server),
        mock: settings.has(Part::Mock),
    };
    for name in settings.dependencies.keys() {
        if OWN_DEPENDENCIES.contains(&name.as_str()) {
            return Err(settings.error(
                &format!("dependencies.{name}"),
                "the generated crate already depends on it (with the version it needs)",
            ));
        }
    }
    let dependencies = settings
        .dependencies
        .iter()
        .map(|(name, value)| (name.clone(), value.to_string()))
        .collect();
    Ok((parts, dependencies))
}

/// The dependencies a generated crate may have of its own, which `[dependencies]` cannot add.
const OWN_DEPENDENCIES: [&str; 5] = ["openapi-runtime", "serde", "serde_json", "chrono", "uuid"];

/// A replaced type is read and written through serde only. Response headers are text read
/// with `FromStr` and written with `Display` by the generated code, which a replacement need
/// not implement: a replaced type in a response header is an error naming the setting.
fn check_replaced_uses(
    settings: &Settings,
    types: &[TypeDef],
    operations: &[Operation],
) -> Result<()> {
    let replaced: HashMap<&str, &str> = settings
        .replace
        .keys()
        .map(|key| {
            let current = settings.rename.types.get(key).unwrap_or(key);
            (current.as_str(), key.as_str())
        })
        .collect();
    if replaced.is_empty() {
        return Ok(());
    }
    let index: HashMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    for op in operations {
        for r in &op.responses {
            for h in &r.headers {
                // The replaced types the header's value holds, at any depth.
                let mut stack = Vec::new();
                shape_names(&h.shape, &mut stack);
                let mut seen = HashSet::new();
                while let Some(name) = stack.pop() {
                    if !seen.insert(name) {
                        continue;
                    }
                    if let Some(key) = replaced.get(name) {
                        return Err(settings.error(
                            &format!("replace.{key}"),
                            format!(
                                "`{name}` is the type of the response header `{}` of operation \
                                 `{}`; a replaced type can be used in bodies and parameters, \
                                 not in response headers (read and written as text)",
                                h.wire_name, op.name
                            ),
                        ));
                    }
                    if let Some(t) = index.get(name) {
                        for_each_type_shape(t, &mut |shape| shape_names(shape, &mut stack));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Every type a setting names is generated (checked before any type is dropped, so a type of
/// an operation left out is not reported as unknown).
fn check_type_keys(settings: &Settings, types: &[TypeDef], operations: &[Operation]) -> Result<()> {
    let mut names: HashSet<&str> = types.iter().map(|t| t.name.as_str()).collect();
    for op in operations {
        names.extend(op.params_type.as_deref());
        names.insert(&op.request_type);
        names.insert(&op.response_type);
    }
    let keys = settings
        .rename
        .types
        .keys()
        .map(|k| ("rename.types", k.as_str()))
        .chain(
            settings
                .models
                .types
                .keys()
                .map(|k| ("models.types", k.as_str())),
        )
        .chain(settings.replace.keys().map(|k| ("replace", k.as_str())))
        .chain(settings.rename.fields.keys().map(|k| {
            (
                "rename.fields",
                k.split_once('.').map_or(k.as_str(), |(t, _)| t),
            )
        }));
    for (setting, name) in keys {
        if !names.contains(name) {
            return Err(settings.error(
                &format!("{setting}.{name}"),
                format!(
                    "no type named `{name}` is generated{}",
                    nearest(name, &names)
                ),
            ));
        }
    }
    Ok(())
}

/// ` (did you mean `X`?)` for the known name closest to `name`, if one is close.
fn nearest(name: &str, known: &HashSet<&str>) -> String {
    let lower = name.to_lowercase();
    let mut candidates: Vec<&&str> = known
        .iter()
        .filter(|k| {
            let k = k.to_lowercase();
            k.contains(&lower) || lower.contains(&k)
        })
        .collect();
    candidates.sort();
    match candidates.first() {
        Some(k) => format!(" (did you mean `{k}`?)"),
        None => String::new(),
    }
}

/// Drop the types no kept operation uses, directly or through other types.
fn keep_used(types: &mut Vec<TypeDef>, operations: &[Operation]) {
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let mut used = vec![false; types.len()];
    let mut stack: Vec<usize> = Vec::new();
    let reach = |names: Vec<&str>, stack: &mut Vec<usize>, used: &mut Vec<bool>| {
        for name in names {
            if let Some(&i) = index.get(name)
                && !used[i]
            {
                used[i] = true;
                stack.push(i);
            }
        }
    };
    for op in operations {
        let mut names = Vec::new();
        for_each_operation_shape(op, &mut |shape| shape_names(shape, &mut names));
        reach(names, &mut stack, &mut used);
    }
    while let Some(i) = stack.pop() {
        let mut names = Vec::new();
        for_each_type_shape(&types[i], &mut |shape| shape_names(shape, &mut names));
        reach(names, &mut stack, &mut used);
    }
    let mut keep = used.into_iter();
    types.retain(|_| keep.next().unwrap_or(true));
}

fn for_each_operation_shape<'a>(op: &'a Operation, f: &mut impl FnMut(&'a Shape)) {
    for p in &op.params {
        f(&p.shape);
    }
    for r in &op.responses {
        r.headers.iter().for_each(|h| f(&h.shape));
    }
    let bodies = op.body.iter().map(|b| &b.content);
    let responses = op.responses.iter().filter_map(|r| r.content.as_ref());
    for content in bodies.chain(responses) {
        match &content.kind {
            ContentKind::Json(shape) | ContentKind::Form(shape) => f(shape),
            ContentKind::Multipart {
                shape,
                part_headers,
                ..
            } => {
                f(shape);
                if let Some(headers) = part_headers {
                    f(headers);
                }
            }
            ContentKind::Text | ContentKind::Binary => {}
        }
    }
}

fn for_each_type_shape<'a>(t: &'a TypeDef, f: &mut impl FnMut(&'a Shape)) {
    match &t.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|field| f(&field.shape));
            if let Additional::Kept { values, .. } = &s.additional {
                f(values);
            }
        }
        TypeKind::Union(u) => u.variants.iter().for_each(|v| f(&v.shape)),
        TypeKind::Alias(shape) => f(shape),
        TypeKind::Enum(_) => {}
    }
}

fn shape_names<'a>(shape: &'a Shape, out: &mut Vec<&'a str>) {
    match &shape.ty {
        Ty::Named(name) => out.push(name),
        Ty::Array(inner) | Ty::Map(inner) => shape_names(inner, out),
        Ty::String(_) | Ty::Integer(_) | Ty::Number(_) | Ty::Boolean | Ty::Any => {}
    }
}

/// `rename.types`: each type (or parameter set, request or response type) gets its new name,
/// and every use of it follows.
fn rename_types(
    settings: &Settings,
    types: &mut [TypeDef],
    operations: &mut [Operation],
) -> Result<()> {
    let renames = &settings.rename.types;
    if renames.is_empty() {
        return Ok(());
    }
    let mut taken: HashSet<String> = types.iter().map(|t| t.name.clone()).collect();
    for op in operations.iter() {
        taken.extend(op.params_type.clone());
        taken.insert(op.request_type.clone());
        taken.insert(op.response_type.clone());
    }
    for (old, new) in renames {
        let key = format!("rename.types.{old}");
        check_ident(settings, &key, new)?;
        // A type merged into another (identical) one can be renamed; the new name must be free
        // once every rename is done.
        if taken.contains(new) && !renames.contains_key(new) {
            return Err(settings.error(&key, format!("a type named `{new}` already exists")));
        }
    }
    let targets: HashSet<&String> = renames.values().collect();
    if targets.len() < renames.len() {
        return Err(settings.error("rename.types", "two types are renamed to the same name"));
    }
    let rename = |name: &mut String| {
        if let Some(new) = renames.get(name.as_str()) {
            name.clone_from(new);
        }
    };
    crate::lower::dedupe::rename_references(types, operations, &rename);
    for t in types.iter_mut() {
        rename(&mut t.name);
    }
    for op in operations.iter_mut() {
        if let Some(p) = &mut op.params_type {
            rename(p);
        }
        rename(&mut op.request_type);
        rename(&mut op.response_type);
    }
    Ok(())
}

/// `rename.fields`: `Type.field` of a struct or parameter set gets its new Rust name (its JSON
/// name is unchanged).
fn rename_fields(
    settings: &Settings,
    types: &mut [TypeDef],
    operations: &mut [Operation],
) -> Result<()> {
    // Keys name types as generated; types may have been renamed since.
    let current = |name: &str| current_name(settings, name);
    let mut by_type: BTreeMap<String, Vec<(&str, &str, String)>> = BTreeMap::new();
    for (key, new) in &settings.rename.fields {
        let setting = format!("rename.fields.\"{key}\"");
        let Some((ty, field)) = key.split_once('.') else {
            return Err(settings.error(&setting, "expected `Type.field`"));
        };
        check_ident(settings, &setting, new)?;
        by_type
            .entry(current(ty))
            .or_default()
            .push((field, new, setting));
    }
    for (ty, renames) in by_type {
        let names: Vec<&mut String> = if let Some(t) = types.iter_mut().find(|t| t.name == ty) {
            match &mut t.kind {
                TypeKind::Struct(s) => {
                    let kept = match &mut s.additional {
                        Additional::Kept { field, .. } => Some(field),
                        _ => None,
                    };
                    s.fields
                        .iter_mut()
                        .map(|f| &mut f.name)
                        .chain(kept)
                        .collect()
                }
                _ => {
                    let (_, _, setting) = &renames[0];
                    return Err(settings.error(setting, format!("`{ty}` is not a struct")));
                }
            }
        } else if let Some(op) = operations
            .iter_mut()
            .find(|op| op.params_type.as_deref() == Some(ty.as_str()))
        {
            op.params.iter_mut().map(|p| &mut p.name).collect()
        } else {
            let (_, _, setting) = &renames[0];
            return Err(settings.error(
                setting,
                format!("`{ty}` has no fields to rename (only structs and parameter sets do)"),
            ));
        };
        rename_in(settings, &ty, names, &renames)?;
    }
    Ok(())
}

/// Rename fields among `names` (every field of one struct), keeping them unique.
fn rename_in(
    settings: &Settings,
    ty: &str,
    mut names: Vec<&mut String>,
    renames: &[(&str, &str, String)],
) -> Result<()> {
    for (old, new, setting) in renames {
        if !names.iter().any(|n| n.as_str() == *old) {
            let fields: Vec<&str> = names.iter().map(|n| n.as_str()).collect();
            return Err(settings.error(
                setting,
                format!(
                    "`{ty}` has no field `{old}` (its fields: {})",
                    fields.join(", ")
                ),
            ));
        }
        let moved = renames.iter().any(|(o, ..)| o == new);
        if names.iter().any(|n| n.as_str() == *new) && !moved {
            return Err(settings.error(setting, format!("`{ty}` already has a field `{new}`")));
        }
    }
    for name in names.iter_mut() {
        if let Some((_, new, _)) = renames.iter().find(|(old, ..)| *old == name.as_str()) {
            **name = (*new).to_owned();
        }
    }
    let mut seen = HashSet::new();
    if !names.iter().all(|n| seen.insert(n.as_str())) {
        return Err(settings.error(
            &renames[0].2,
            format!("two fields of `{ty}` would have the same name"),
        ));
    }
    Ok(())
}

/// `models` and `replace`: extra derives and attributes, and types used instead of generated
/// ones.
fn extras(settings: &Settings, types: &mut [TypeDef]) -> Result<()> {
    for (i, derive) in settings.models.derive.iter().enumerate() {
        check_path(settings, &format!("models.derive[{i}]"), derive)?;
    }
    for (i, attr) in settings.models.attributes.iter().enumerate() {
        check_attribute(settings, &format!("models.attributes[{i}]"), attr)?;
    }
    let current = |name: &str| current_name(settings, name);
    let mut per_type: HashMap<String, (&str, &crate::settings::TypeSettings)> = HashMap::new();
    for (name, extra) in &settings.models.types {
        let key = format!("models.types.{name}");
        for (i, derive) in extra.derive.iter().enumerate() {
            check_path(settings, &format!("{key}.derive[{i}]"), derive)?;
        }
        for (i, attr) in extra.attributes.iter().enumerate() {
            check_attribute(settings, &format!("{key}.attributes[{i}]"), attr)?;
        }
        per_type.insert(current(name), (name, extra));
    }
    let mut replaced: HashMap<String, (&str, &str)> = HashMap::new();
    for (name, path) in &settings.replace {
        let key = format!("replace.{name}");
        if syn::parse_str::<syn::Type>(path).is_err() {
            return Err(settings.error(&key, format!("{path:?} is not a Rust type")));
        }
        replaced.insert(current(name), (name, path));
    }
    for t in types.iter_mut() {
        let alias = matches!(t.kind, TypeKind::Alias(_));
        if let Some((name, extra)) = per_type.remove(&t.name) {
            if alias {
                return Err(not_a_model(settings, &format!("models.types.{name}"), t));
            }
            t.extras.derives.extend(extra.derive.iter().cloned());
            t.extras.attributes.extend(extra.attributes.iter().cloned());
        }
        if let Some((name, path)) = replaced.remove(&t.name) {
            if alias {
                return Err(not_a_model(settings, &format!("replace.{name}"), t));
            }
            t.extras.replaced_by = Some(path.to_owned());
        }
        if !alias {
            let global = &settings.models;
            t.extras.derives.splice(0..0, global.derive.iter().cloned());
            t.extras
                .attributes
                .splice(0..0, global.attributes.iter().cloned());
        }
    }
    // What is left names a parameter set, request or response type.
    let left = per_type
        .values()
        .map(|(name, _)| format!("models.types.{name}"))
        .chain(replaced.values().map(|(name, _)| format!("replace.{name}")))
        .min();
    if let Some(key) = left {
        return Err(settings.error(
            &key,
            "only model types (schemas and bodies) take derives, attributes and replacements",
        ));
    }
    Ok(())
}

fn not_a_model(settings: &Settings, key: &str, t: &TypeDef) -> crate::error::Error {
    let target = match &t.kind {
        TypeKind::Alias(shape) => match &shape.ty {
            Ty::Named(target) => format!(": it is another name for `{target}`; set it there"),
            _ => ": it is another name for a non-object type".into(),
        },
        _ => String::new(),
    };
    settings.error(
        key,
        format!("`{}` is not a type of its own{target}", t.name),
    )
}

/// `name` is a Rust identifier, written plainly: keywords are allowed (the emitters write them
/// as raw identifiers), the raw syntax `r#x` itself is not.
fn check_ident(settings: &Settings, key: &str, name: &str) -> Result<()> {
    let plain = !name.starts_with("r#") && syn::parse_str::<syn::Ident>(name).is_ok();
    if plain || crate::lower::names::is_keyword(name) {
        Ok(())
    } else {
        Err(settings.error(key, format!("{name:?} is not a Rust identifier")))
    }
}

fn check_path(settings: &Settings, key: &str, path: &str) -> Result<()> {
    syn::parse_str::<syn::Path>(path)
        .map(drop)
        .map_err(|e| settings.error(key, format!("{path:?} is not a trait path: {e}")))
}

fn check_attribute(settings: &Settings, key: &str, attr: &str) -> Result<()> {
    use syn::parse::Parser;
    let parsed = syn::Attribute::parse_outer.parse_str(attr);
    match parsed {
        Ok(attrs) if attrs.len() == 1 => Ok(()),
        Ok(_) => Err(settings.error(key, format!("{attr:?}: expected one `#[...]` attribute"))),
        Err(e) => Err(settings.error(key, format!("{attr:?} is not an attribute: {e}"))),
    }
}

/// The name a type has after `rename.types` (settings keys name types as generated).
fn current_name(settings: &Settings, name: &str) -> String {
    settings
        .rename
        .types
        .get(name)
        .map_or(name.to_owned(), Clone::clone)
}

#[cfg(test)]
mod tests {
    use crate::settings::Settings;
    use crate::{Options, Runtime};

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /prices:
    get:
      operationId: listPrices
      responses:
        "200":
          description: ok
          headers:
            x-currency:
              schema: {$ref: "#/components/schemas/Currency"}
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Price"}
components:
  schemas:
    Currency: {type: string, enum: [EUR, USD]}
    Price:
      type: object
      properties:
        currencies:
          type: array
          items: {$ref: "#/components/schemas/Currency"}
          default: [EUR]
"##;

    fn generate(settings: &str) -> crate::error::Result<crate::Generated> {
        let options = Options {
            crate_name: "t".into(),
            runtime: Runtime::Path("../runtime".into()),
            regenerate: "x".into(),
            settings: Settings::from_toml(settings).unwrap(),
        };
        crate::generate_from_str(SPEC, "openapi.yaml", &options)
    }

    fn models(generated: &crate::Generated) -> &str {
        let file = generated
            .files
            .iter()
            .find(|f| f.path.ends_with("models.rs"));
        &file.unwrap().contents
    }

    #[test]
    fn a_replaced_type_in_a_response_header_is_an_error_naming_the_key() {
        let e = generate("[replace]\nCurrency = \"iso::Currency\"")
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("replace.Currency: `Currency` is the type of the response header `x-currency` of operation `list_prices`"), "{e}");
    }

    #[test]
    fn a_replaced_type_is_an_alias_and_its_defaults_are_read_from_json() {
        let spec_without_header = SPEC.replace("          headers:\n            x-currency:\n              schema: {$ref: \"#/components/schemas/Currency\"}\n", "");
        let options = Options {
            crate_name: "t".into(),
            runtime: Runtime::Path("../runtime".into()),
            regenerate: "x".into(),
            settings: Settings::from_toml("[replace]\nCurrency = \"iso::Currency\"").unwrap(),
        };
        let generated =
            crate::generate_from_str(&spec_without_header, "openapi.yaml", &options).unwrap();
        let models = models(&generated);
        assert!(
            models.contains("pub type Currency = iso::Currency;"),
            "{models}"
        );
        assert!(!models.contains("string_enum!(Currency"), "{models}");
        assert!(
            models.contains(r#"::serde_json::from_str("\"EUR\"")"#),
            "{models}"
        );
    }

    #[test]
    fn a_dependency_the_crate_has_is_an_error() {
        let e = generate("[dependencies]\nserde = \"1\"")
            .err()
            .unwrap()
            .to_string();
        assert!(
            e.contains("dependencies.serde: the generated crate already depends on it"),
            "{e}"
        );
        let generated =
            generate("[dependencies]\nrust_decimal = \"1\"\n\"odd.name\" = { path = \"../x\" }")
                .unwrap();
        let manifest = generated
            .files
            .iter()
            .find(|f| f.path.ends_with("Cargo.toml"))
            .unwrap();
        assert!(
            manifest.contents.contains("rust_decimal = \"1\"\n"),
            "{}",
            manifest.contents
        );
        assert!(
            manifest
                .contents
                .contains("\"odd.name\" = { path = \"../x\" }\n"),
            "{}",
            manifest.contents
        );
    }

    #[test]
    fn keep_opens_every_string_enum() {
        let generated = generate("unknown-enum-values = \"keep\"").unwrap();
        let models = models(&generated);
        assert!(
            models.contains("Unknown(::std::string::String)"),
            "{models}"
        );
        assert!(
            models.contains("string_enum!(Currency, unknown = Unknown)"),
            "{models}"
        );
        let schemas = generated
            .files
            .iter()
            .find(|f| f.path.ends_with("schemas.rs"))
            .unwrap();
        assert!(schemas.contents.contains(".open()"), "{}", schemas.contents);
    }
}
