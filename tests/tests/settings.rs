//! Generator settings (`tests/fixtures/settings/generator.toml`): the generated crate as the
//! settings shape it, and every bad setting as a clear error naming it.

use std::collections::HashSet;
use std::hash::Hash;

use axum::{Json, Router, routing::get};
use fixture_settings::client::{Client, ClientError};
use fixture_settings::models::{AllPetsParams, Animal, Kind, NewPet, Store};
use fixture_settings::responses::AllPetsResponse;

fn eq_and_hash<T: Eq + Hash>() {}

#[test]
fn renamed_types_and_fields_keep_their_json_names() {
    let pet = Animal::new(7, "Rex").with_kind(Kind::Cat);
    assert_eq!(pet.title, "Rex");
    let json = serde_json::to_value(&pet).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"id": 7, "name": "Rex", "kind": "cat"})
    );
    let back: Animal = serde_json::from_value(json).unwrap();
    assert_eq!(back, pet);
}

#[test]
fn extra_derives_apply_to_every_model() {
    eq_and_hash::<Animal>();
    eq_and_hash::<NewPet>();
    eq_and_hash::<Store>();
    let pets: HashSet<Animal> = [
        Animal::new(1, "a"),
        Animal::new(1, "a"),
        Animal::new(2, "b"),
    ]
    .into_iter()
    .collect();
    assert_eq!(pets.len(), 2);
}

/// A server answering `GET /pets` with one pet, on a free port.
async fn pets_server() -> String {
    let app = Router::new().route(
        "/pets",
        get(|| async { Json(serde_json::json!([{"id": 1, "name": "Rex", "kind": "dog"}])) }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_renamed_operation_is_called_by_its_new_name() {
    let client = Client::new(pets_server().await);
    let AllPetsResponse::Ok { body } = client.all_pets(&AllPetsParams::default()).await.unwrap();
    assert_eq!(body, [Animal::new(1, "Rex").with_kind(Kind::Dog)]);
}

#[tokio::test]
async fn the_renamed_operation_still_validates_before_sending() {
    // Nothing listens there: the request must fail before it is sent.
    let client = Client::new("http://127.0.0.1:9");
    let params = AllPetsParams::default().with_limit(0);
    let Err(ClientError::InvalidRequest(errors)) = client.all_pets(&params).await else {
        panic!("limit 0 is below the minimum")
    };
    assert!(errors.to_string().contains("limit"), "{errors}");
}

// --- What is generated, and errors, through the generator's API -----------------------------

fn fixture() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/settings/openapi.yaml")
}

fn generate(settings: &str) -> Result<generator::Generated, String> {
    let mut settings = generator::Settings::from_toml(settings)?;
    settings.file = Some("generator.toml".into());
    let options = generator::Options {
        crate_name: "t".into(),
        settings,
        ..generator::Options::default()
    };
    generator::generate(&fixture(), &options).map_err(|e| e.to_string())
}

fn file<'a>(generated: &'a generator::Generated, path: &str) -> Option<&'a str> {
    generated
        .files
        .iter()
        .find(|f| f.path == std::path::Path::new(path))
        .map(|f| f.contents.as_str())
}

#[test]
fn the_fixture_settings_leave_out_parts_operations_and_unused_types() {
    let settings = std::fs::read_to_string(fixture().with_file_name("generator.toml")).unwrap();
    let generated = generate(&settings).unwrap();
    assert_eq!(generated.operations, 3, "listPets, createPet, listStores");
    for absent in ["src/server.rs", "src/mock.rs", "src/bin/mock.rs"] {
        assert!(file(&generated, absent).is_none(), "{absent} is generated");
    }
    let models = file(&generated, "src/models.rs").unwrap();
    for absent in ["AuditLog", "AuditEntry", "Unused", "struct Pet "] {
        assert!(!models.contains(absent), "{absent} is still generated");
    }
    let client = file(&generated, "src/client.rs").unwrap();
    assert!(!client.contains("get_audit") && client.contains("fn all_pets"));
    let manifest = file(&generated, "Cargo.toml").unwrap();
    assert!(!manifest.contains("server =") && !manifest.contains("mock ="));
    assert!(manifest.contains("client ="));
}

#[test]
fn without_a_subset_every_type_is_kept() {
    let generated = generate("").unwrap();
    assert_eq!(generated.operations, 4);
    let models = file(&generated, "src/models.rs").unwrap();
    assert!(models.contains("pub struct AuditLog") && models.contains("pub struct Unused"));
    assert!(file(&generated, "src/server.rs").is_some());
}

#[test]
fn a_type_only_a_kept_operation_uses_through_another_type_is_kept() {
    let generated = generate("[operations]\nids = [\"getAudit\"]").unwrap();
    let models = file(&generated, "src/models.rs").unwrap();
    assert!(models.contains("pub struct AuditLog") && models.contains("pub struct AuditEntry"));
    assert!(!models.contains("pub struct Pet"));
}

/// Each bad setting and the words its error must contain.
#[test]
fn a_bad_setting_is_an_error_naming_it() {
    let cases = [
        (
            "[operations]\ntags = [\"nope\"]",
            "operations.tags: no operation has the tag \"nope\"",
        ),
        (
            "[operations]\nids = [\"nope\"]",
            "operations.ids: no operation has the operationId \"nope\"",
        ),
        (
            "[rename.types]\nPett = \"A\"",
            "rename.types.Pett: no type named `Pett` is generated (did you mean `Pet`?)",
        ),
        (
            "[rename.types]\nPet = \"NewPet\"",
            "rename.types.Pet: a type named `NewPet` already exists",
        ),
        (
            "[rename.types]\nPet = \"not a name\"",
            "rename.types.Pet: \"not a name\" is not a Rust identifier",
        ),
        (
            "[rename.types]\nPet = \"r#Animal\"",
            "rename.types.Pet: \"r#Animal\" is not a Rust identifier",
        ),
        (
            "[rename.fields]\n\"Pet.nom\" = \"x\"",
            "rename.fields.\"Pet.nom\": `Pet` has no field `nom` (its fields: id, name, kind)",
        ),
        (
            "[rename.fields]\n\"Pet.name\" = \"id\"",
            "`Pet` already has a field `id`",
        ),
        (
            "[rename.fields]\n\"Kind.x\" = \"y\"",
            "`Kind` is not a struct",
        ),
        (
            "[rename.operations]\nnope = \"x\"",
            "rename.operations.nope: no operation has the operationId \"nope\"",
        ),
        (
            "[rename.operations]\nlistPets = \"create_pet\"",
            "is not unique",
        ),
        (
            "[rename.operations]\nlistPets = \"allPets\"",
            "\"allPets\" is not a snake_case method name (say \"all_pets\")",
        ),
        (
            "[models]\nderive = [\"not a path!\"]",
            "models.derive[0]: \"not a path!\" is not a trait path",
        ),
        (
            "[models]\nattributes = [\"derive(Hash)\"]",
            "models.attributes[0]: \"derive(Hash)\" is not an attribute",
        ),
        (
            "[models.types.Nope]\nderive = [\"Hash\"]",
            "models.types.Nope: no type named `Nope`",
        ),
        (
            "[replace]\nPet = \"not a type!\"",
            "replace.Pet: \"not a type!\" is not a Rust type",
        ),
        ("parts = [\"mock\"]", "parts: \"mock\" needs \"server\""),
        ("part = [\"client\"]", "unknown field `part`"),
    ];
    for (settings, expected) in cases {
        let Err(error) = generate(settings) else {
            panic!("{settings}: generated without an error")
        };
        assert!(
            error.contains(expected),
            "{settings}\n  gave: {error}\n  expected: {expected}"
        );
    }
}

#[test]
fn a_keyword_is_a_field_name_written_raw() {
    let generated = generate("[rename.fields]\n\"Pet.name\" = \"type\"").unwrap();
    let models = file(&generated, "src/models.rs").unwrap();
    assert!(
        models.contains("pub r#type: ::std::string::String"),
        "{models}"
    );
}
