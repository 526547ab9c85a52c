//! Unit tests of the bundler, on files held in memory.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::super::{files, parse_document};
use super::parse_with;
use super::{bundle, has_external_refs};
use crate::error::{Error, Pointer};

/// Files by path; `spec/openapi.yaml` is the root unless a test says otherwise.
struct Tree(HashMap<PathBuf, String>);

impl Tree {
    fn new(files: &[(&str, &str)]) -> Self {
        Tree(
            files
                .iter()
                .map(|(path, text)| (PathBuf::from(path), text.to_string()))
                .collect(),
        )
    }

    fn reader(&self) -> impl FnMut(&Path) -> Result<Vec<u8>, String> + '_ {
        |path: &Path| {
            self.0
                .get(path)
                .map(|t| t.clone().into_bytes())
                .ok_or_else(|| "the file does not exist".to_owned())
        }
    }

    /// The bundled document of the root `root`, and the files read.
    fn bundle(&self, root: &str) -> Result<(Value, Vec<PathBuf>), Error> {
        let text = &self.0[Path::new(root)];
        let value = parse_document(text, root)?;
        let mut reader = self.reader();
        let root_file = files::File {
            path: files::normalize(Path::new(root)),
            name: root.to_owned(),
            text: text.clone(),
            value,
        };
        let b = bundle(files::Files::new(root_file, &mut reader))?;
        Ok((b.doc, b.sources))
    }

    /// The whole pipeline's message for a broken spec.
    fn error(&self, root: &str) -> String {
        let mut reader = self.reader();
        match parse_with(&self.0[Path::new(root)], root, &mut reader) {
            Ok(_) => panic!("the spec was accepted"),
            Err(e) => e.to_string(),
        }
    }
}

const ROOT: &str = "spec/openapi.yaml";

fn head(paths: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n{paths}components:\n{components}"
    )
}

/// A path `/p` whose GET answers 200 with `schema_ref` as its JSON body.
fn get_with_body(schema_ref: &str) -> String {
    format!(
        "  /p:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '{schema_ref}'\n"
    )
}

#[test]
fn a_spec_without_external_references_is_left_alone() {
    let doc = json!({"paths": {"/a": {"$ref": "#/x"}}, "components": {"schemas": {
        "A": {"$ref": "#/components/schemas/B"},
        "B": {"example": {"$ref": "elsewhere.yaml"}},
    }}});
    // A `$ref` inside an example is only found by the quick scan; the walk leaves it be.
    assert!(has_external_refs(&doc));
    let tree = Tree::new(&[(
        ROOT,
        &serde_json::to_string(&json!({
            "openapi": "3.0.3", "info": {"title": "T", "version": "1"},
            "paths": doc["paths"], "components": doc["components"]
        }))
        .unwrap(),
    )]);
    let (bundled, sources) = tree.bundle(ROOT).unwrap();
    assert_eq!(bundled["components"], doc["components"]);
    assert_eq!(bundled["paths"], doc["paths"]);
    assert_eq!(sources, [PathBuf::from(ROOT)]);
    assert!(!has_external_refs(
        &json!({"a": {"$ref": "#/b"}, "mapping": {"x": "X"}})
    ));
}

#[test]
fn targets_become_components_named_by_the_rule() {
    let root = head(
        &format!(
            "{}  /q:\n    get:\n      parameters:\n        - $ref: params/paging.yaml#/limit\n      responses:\n        '404':\n          $ref: responses.yaml#/NotFound\n",
            get_with_body("./schemas/pet.yaml#/Pet")
        ),
        "  schemas:\n    Error:\n      type: object\n",
    );
    let tree = Tree::new(&[
        (ROOT, &root),
        (
            "spec/schemas/pet.yaml",
            "Pet:\n  type: object\n  properties:\n    owner:\n      $ref: ./Owner.yaml\n    status:\n      $ref: '#/Status'\n    again:\n      $ref: '../schemas/pet.yaml#/Pet'\nStatus:\n  type: string\n",
        ),
        (
            "spec/schemas/Owner.yaml",
            "type: object\nproperties:\n  pet:\n    $ref: pet.yaml#/Pet\n  status:\n    $ref: ../other/order.yaml#/Status\n",
        ),
        ("spec/other/order.yaml", "Status:\n  type: integer\n"),
        (
            "spec/params/paging.yaml",
            "limit:\n  name: limit\n  in: query\n  schema:\n    $ref: '../schemas/pet.yaml#/Status'\n",
        ),
        (
            "spec/responses.yaml",
            "NotFound:\n  description: gone\n  content:\n    application/json:\n      schema:\n        $ref: common.yaml#/components/schemas/Error\n",
        ),
        (
            "spec/common.yaml",
            "components:\n  schemas:\n    Error:\n      type: object\n      properties:\n        self:\n          $ref: '#/components/schemas/Error'\n",
        ),
    ]);
    let (doc, sources) = tree.bundle(ROOT).unwrap();
    let c = &doc["components"];
    let names = |section: &str| -> Vec<String> {
        c[section].as_object().unwrap().keys().cloned().collect()
    };
    // The root's own first, then the imports by name.
    assert_eq!(
        names("schemas"),
        [
            "Error",
            "CommonError",
            "OrderStatus",
            "Owner",
            "Pet",
            "PetStatus"
        ]
    );
    assert_eq!(names("parameters"), ["limit"]);
    assert_eq!(names("responses"), ["NotFound"]);
    let body = &doc["paths"]["/p"]["get"]["responses"]["200"]["content"]["application/json"];
    assert_eq!(body["schema"], json!({"$ref": "#/components/schemas/Pet"}));
    // References inside imported parts are relative to their own file; the same target named
    // two ways is one component; recursion stays a reference.
    assert_eq!(
        c["schemas"]["Pet"]["properties"],
        json!({
            "owner": {"$ref": "#/components/schemas/Owner"},
            "status": {"$ref": "#/components/schemas/PetStatus"},
            "again": {"$ref": "#/components/schemas/Pet"},
        })
    );
    assert_eq!(
        c["schemas"]["Owner"]["properties"]["status"],
        json!({"$ref": "#/components/schemas/OrderStatus"})
    );
    assert_eq!(
        c["parameters"]["limit"]["schema"],
        json!({"$ref": "#/components/schemas/PetStatus"})
    );
    assert_eq!(
        c["schemas"]["CommonError"]["properties"]["self"],
        json!({"$ref": "#/components/schemas/CommonError"})
    );
    let q = &doc["paths"]["/q"]["get"];
    assert_eq!(
        q["parameters"][0],
        json!({"$ref": "#/components/parameters/limit"})
    );
    assert_eq!(
        q["responses"]["404"],
        json!({"$ref": "#/components/responses/NotFound"})
    );
    let sources: Vec<String> = sources.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(
        sources,
        [
            ROOT,
            "spec/schemas/pet.yaml",
            "spec/params/paging.yaml",
            "spec/responses.yaml",
            "spec/schemas/Owner.yaml",
            "spec/common.yaml",
            "spec/other/order.yaml",
        ]
    );
}

#[test]
fn a_root_component_that_is_a_reference_takes_the_target_in_place() {
    let root = head(
        &get_with_body("schemas.yaml#/Pet"),
        "  schemas:\n    Animal:\n      $ref: schemas.yaml#/Pet\n    Alias:\n      $ref: schemas.yaml#/Pet\n    Local:\n      $ref: '#/components/schemas/Animal'\n",
    );
    let tree = Tree::new(&[
        (ROOT, &root),
        (
            "spec/schemas.yaml",
            "Pet:\n  type: object\n  properties:\n    child:\n      $ref: '#/Pet'\n",
        ),
    ]);
    let (doc, _) = tree.bundle(ROOT).unwrap();
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["Animal"],
        json!({"type": "object", "properties": {"child": {"$ref": "#/components/schemas/Animal"}}})
    );
    assert_eq!(
        schemas["Alias"],
        json!({"$ref": "#/components/schemas/Animal"})
    );
    assert_eq!(
        schemas["Local"],
        json!({"$ref": "#/components/schemas/Animal"})
    );
    assert_eq!(schemas.as_object().unwrap().len(), 3);
}

#[test]
fn path_items_are_copied_in_place() {
    let root = head(
        "  /pets:\n    $ref: paths/pets.yaml\n  /one:\n    summary: mine\n    $ref: 'paths/more.yaml#/paths/~1one'\n",
        "  schemas:\n    Pet:\n      type: object\n",
    );
    let tree = Tree::new(&[
        (ROOT, &root),
        (
            "spec/paths/pets.yaml",
            "get:\n  parameters:\n    - $ref: '../params.json#/p'\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema:\n            $ref: '../openapi.yaml#/components/schemas/Pet'\n",
        ),
        (
            "spec/paths/more.yaml",
            "paths:\n  /one:\n    summary: theirs\n    description: from the file\n    get:\n      responses:\n        default:\n          description: any\n",
        ),
        (
            "spec/params.json",
            r#"{"p": {"name": "p", "in": "query", "schema": {"type": "string"}}}"#,
        ),
    ]);
    let (doc, _) = tree.bundle(ROOT).unwrap();
    let pets = &doc["paths"]["/pets"]["get"];
    assert_eq!(
        pets["parameters"][0],
        json!({"$ref": "#/components/parameters/p"})
    );
    // A reference into the root document is a local reference.
    assert_eq!(
        pets["responses"]["200"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Pet"})
    );
    // The referring object's own members win.
    assert_eq!(doc["paths"]["/one"]["summary"], "mine");
    assert_eq!(doc["paths"]["/one"]["description"], "from the file");
    assert!(doc["paths"]["/one"].get("$ref").is_none());
}

#[test]
fn path_items_that_include_each_other_are_an_error() {
    // Through callbacks: a copy of one would hold a copy of the other, forever.
    let root = head("  /a:\n    $ref: a.yaml\n", "  schemas: {}\n");
    let callback = |other: &str| {
        format!(
            "post:\n  responses:\n    '204':\n      description: ok\n  callbacks:\n    done:\n      '{{$request.body#/url}}':\n        $ref: {other}\n"
        )
    };
    let tree = Tree::new(&[
        (ROOT, &root),
        ("spec/a.yaml", &callback("b.yaml")),
        ("spec/b.yaml", &callback("a.yaml")),
    ]);
    assert_eq!(
        tree.error(ROOT),
        "spec/b.yaml:8:15: #/post/callbacks/done/{$request.body#~1url}: path items include each other: spec/a.yaml -> spec/b.yaml -> spec/a.yaml"
    );
}

#[test]
fn escapes_mappings_and_examples() {
    let root = head(
        &get_with_body("my%20schemas.yaml#/a~1b/Pet%20Kind"),
        "  schemas:\n    Pet:\n      oneOf:\n        - $ref: animals.yaml#/Cat\n        - $ref: animals.yaml#/Dog\n      discriminator:\n        propertyName: kind\n        mapping:\n          cat: animals.yaml#/Cat\n          dog: Dog\n      example:\n        $ref: not-a-reference.yaml\n",
    );
    let tree = Tree::new(&[
        (ROOT, &root),
        (
            "spec/my schemas.yaml",
            "a/b:\n  Pet Kind:\n    type: string\n",
        ),
        (
            "spec/animals.yaml",
            "Cat:\n  type: object\n  properties:\n    kind:\n      type: string\nDog:\n  type: object\n  properties:\n    kind:\n      type: string\n",
        ),
    ]);
    let (doc, _) = tree.bundle(ROOT).unwrap();
    let body = &doc["paths"]["/p"]["get"]["responses"]["200"]["content"]["application/json"];
    // `Pet Kind` is not a component name: the file's stem and the pointer make one.
    assert_eq!(
        body["schema"],
        json!({"$ref": "#/components/schemas/MySchemasABPetKind"})
    );
    let pet = &doc["components"]["schemas"]["Pet"];
    assert_eq!(
        pet["discriminator"]["mapping"],
        json!({"cat": "#/components/schemas/Cat", "dog": "Dog"})
    );
    assert_eq!(pet["example"], json!({"$ref": "not-a-reference.yaml"}));
}

#[test]
fn broken_references_name_the_file_the_pointer_and_the_line() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "missing.yaml#/A",
            "",
            "spec/openapi.yaml:14:23: #/paths/~1p/get/responses/200/content/application~1json/schema: $ref \"missing.yaml#/A\": cannot read spec/missing.yaml: the file does not exist",
        ),
        (
            "other.yaml#/Nope",
            "A:\n  type: string\n",
            "spec/openapi.yaml:14:23: #/paths/~1p/get/responses/200/content/application~1json/schema: $ref \"other.yaml#/Nope\": spec/other.yaml has nothing at #/Nope",
        ),
        (
            "other.yaml#/A/type",
            "A:\n  type: string\n",
            "spec/openapi.yaml:14:23: #/paths/~1p/get/responses/200/content/application~1json/schema: $ref \"other.yaml#/A/type\": spec/other.yaml#/A/type is the string \"string\", but a schema is an object",
        ),
        (
            "other.yaml#A",
            "A:\n  type: string\n",
            "spec/openapi.yaml:14:23: #/paths/~1p/get/responses/200/content/application~1json/schema: $ref \"other.yaml#A\": the part after `#` must be a JSON pointer such as #/components/schemas/Pet",
        ),
        (
            "https://example.com/s.yaml#/A",
            "",
            "spec/openapi.yaml:14:23: #/paths/~1p/get/responses/200/content/application~1json/schema: $ref \"https://example.com/s.yaml#/A\": remote references are not supported (nothing is downloaded at build time); download the file and refer to it by its path",
        ),
        (
            "ftp:s.yaml",
            "",
            "spec/openapi.yaml:14:23: #/paths/~1p/get/responses/200/content/application~1json/schema: $ref \"ftp:s.yaml\": `ftp:` URIs are not supported; refer to a file by its path (relative to this file, or absolute)",
        ),
        (
            "other.yaml#/A",
            "A:\n  type: object\n  properties:\n    b: [\n",
            "spec/other.yaml:5:1: #/A/properties/b: invalid YAML: did not find expected node content, while parsing a flow node (referenced at spec/openapi.yaml:14:23: #/paths/~1p/get/responses/200/content/application~1json/schema)",
        ),
        (
            "other.yaml#/A",
            "A:\n  $ref: '#/B'\nB:\n  $ref: 'other.yaml#/A'\n",
            "spec/openapi.yaml:14:23: #/paths/~1p/get/responses/200/content/application~1json/schema: cyclic $ref chain: spec/other.yaml#/A -> spec/other.yaml#/B -> spec/other.yaml#/A",
        ),
        (
            "other.yaml#/A",
            "A:\n  type: object\n  properties:\n    b:\n      $ref: '../elsewhere/b.yaml'\n",
            "spec/other.yaml:5:13: #/A/properties/b: $ref \"../elsewhere/b.yaml\": cannot read elsewhere/b.yaml: the file does not exist",
        ),
        (
            "other.yaml#/A",
            "A:\n  type: object\n  properties:\n    b:\n      type: strin\n",
            "spec/other.yaml:5:13: #/A/properties/b/type: unknown type \"strin\" (did you mean \"string\"?); a type is one of \"string\", \"number\", \"integer\", \"boolean\", \"array\", \"object\"",
        ),
    ];
    for (reference, other, expected) in cases {
        let root = head(&get_with_body(reference), "  schemas: {}\n");
        let tree = Tree::new(&[(ROOT, &root), ("spec/other.yaml", other)]);
        assert_eq!(&tree.error(ROOT), expected, "{reference}");
    }
}

#[test]
fn sources_and_origins_reach_the_spec() {
    let root = head(&get_with_body("s.yaml#/A"), "  schemas: {}\n");
    let tree = Tree::new(&[(ROOT, &root), ("spec/s.yaml", "A:\n  type: string\n")]);
    let mut reader = tree.reader();
    let spec = parse_with(&root, ROOT, &mut reader).unwrap();
    assert_eq!(
        spec.sources,
        [PathBuf::from(ROOT), PathBuf::from("spec/s.yaml")]
    );
    let at = Pointer::root().push("components").push("schemas").push("A");
    assert_eq!(
        spec.origin(&at.push("type")),
        Some(("s.yaml".to_owned(), Pointer::root().push("A").push("type")))
    );
    assert_eq!(spec.origin(&Pointer::root().push("paths")), None);
}
