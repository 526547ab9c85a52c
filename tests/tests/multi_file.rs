//! The crate generated from a spec split across files and folders (`tests/fixtures/multi_file/`):
//! its types carry the names of their components in the other files, their constraints come
//! from those files, and its server, mock and client work as for a spec in one file.

use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use fixture_multi_file::client::{Client, ClientError};
use fixture_multi_file::models::{
    CommonError, Error, GetPetParams, ListPetsParams, NewPet, Order, OrderStatus, Owner, Pet,
    PetStatus, Tag,
};
use fixture_multi_file::responses::{
    CreatePetResponse, GetPetResponse, ListOrdersResponse, ListPetsResponse,
};
use fixture_multi_file::server::{
    Api, CreatePetRequest, GetPetRequest, ListOrdersRequest, ListPetsRequest, router,
};
use fixture_multi_file::{Model, Validate};
use serde_json::json;
use tower::ServiceExt;

/// The messages of `T::from_json(json)`'s violations.
fn violations<T: Model>(json: serde_json::Value) -> Vec<String> {
    match T::from_json(&json.to_string()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn types_are_named_after_their_components_in_other_files() {
    // `schemas/pet.yaml#/Status` and `schemas/order.yaml#/Status` are both wanted as `Status`:
    // each is named after its file.
    assert_eq!(PetStatus::VALUES, ["available", "sold"]);
    assert_eq!(OrderStatus::VALUES, ["placed", "delivered"]);
    // The root's own `Error` keeps its name; `schemas/common/error.yaml#/Error` is named after
    // its folder (the file is named like the schema).
    let _: Error = Error::new(1);
    let _: CommonError = CommonError::new("gone");
    // A whole file (`schemas/Owner.yaml`) is named after it; a JSON file's schema
    // (`schemas/common/tag.json#/Tag`) is an alias.
    let _: Owner = Owner::new("Ada");
    let _: Tag = "good".to_owned();
    // A root component that stands for a schema in another file keeps the root's name.
    let _: Pet = Pet::new(1, "Rex");
    let _: NewPet = NewPet::new("Rex");
    let _: Option<Order> = None;
}

#[test]
fn constraints_from_other_files_are_checked() {
    assert_eq!(
        violations::<Pet>(json!({"id": 1, "name": "Rex", "tags": ["good"]})),
        Vec::<String>::new()
    );
    // pet.yaml's own constraints, and the tag's from common/tag.json.
    assert_eq!(
        violations::<Pet>(json!({"id": 0, "name": "", "tags": ["Good", "waytoolongtag"]})),
        [
            "/id: must be at least 1 (minimum)",
            "/name: must be at least 1 character long (minLength), found 0",
            "/tags/0: must match the pattern ^[a-z]+$",
            "/tags/1: must be at most 10 characters long (maxLength), found 13",
        ]
    );
    // Recursion across two files: a pet's owner (Owner.yaml) has pets (pet.yaml).
    assert_eq!(
        violations::<Pet>(json!({
            "id": 1, "name": "Rex",
            "owner": {"name": "ada", "pets": [{"id": 2, "name": "Fido", "status": "lost"}]}
        })),
        [
            "/owner/name: must match the pattern ^[A-Z]",
            "/owner/pets/0/status: must be one of available, sold (enum)",
        ]
    );
}

/// An implementation that answers from fixed data.
#[derive(Clone)]
struct Shop;

fn rex() -> Pet {
    Pet::new(7, "Rex").with_status(PetStatus::Available)
}

impl Api for Shop {
    async fn list_pets(&self, request: ListPetsRequest) -> ListPetsResponse {
        let limit = request.params.limit.unwrap_or(10);
        ListPetsResponse::Ok {
            body: std::iter::repeat_n(rex(), usize::try_from(limit).unwrap()).collect(),
        }
    }

    async fn create_pet(&self, request: CreatePetRequest) -> CreatePetResponse {
        CreatePetResponse::Created {
            body: Pet::new(8, request.body.name),
        }
    }

    async fn get_pet(&self, request: GetPetRequest) -> GetPetResponse {
        if request.params.pet_id == 7 {
            GetPetResponse::Ok { body: rex() }
        } else {
            GetPetResponse::NotFound {
                body: CommonError::new("no such pet"),
            }
        }
    }

    async fn list_orders(&self, _: ListOrdersRequest) -> ListOrdersResponse {
        ListOrdersResponse::Default {
            status: 503,
            body: Error::new(503),
        }
    }
}

/// Status and JSON body of a request to the router.
async fn call(request: Request<Body>) -> (StatusCode, serde_json::Value) {
    let response = router(Shop).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test]
async fn the_server_checks_parameters_and_bodies_from_other_files() {
    let (status, body) = call(Request::get("/pets?limit=2").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.as_array().unwrap().len(), 2);
    // parameters/paging.yaml: limit is 1 to 100.
    let (status, body) = call(Request::get("/pets?limit=0").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"message": "query/limit: must be at least 1 (minimum)"})
    );
    // parameters/pet-id.yaml (a whole file), a path-level parameter of paths/pets/by-id.yaml.
    let (status, _) = call(Request::get("/pets/0").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = call(Request::get("/pets/8").body(Body::empty()).unwrap()).await;
    assert_eq!(
        (status, body),
        (StatusCode::NOT_FOUND, json!({"message": "no such pet"}))
    );
    // bodies/new-pet.yaml, whose schema is schemas/pet.yaml#/NewPet.
    let post = |body: serde_json::Value| {
        Request::post("/pets")
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let (status, body) = call(post(json!({"name": "Fido", "tags": ["x"]}))).await;
    assert_eq!(
        (status, body),
        (StatusCode::CREATED, json!({"id": 8, "name": "Fido"}))
    );
    let (status, body) = call(post(json!({"name": "Fido", "tags": ["X"]}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"message": "body/tags/0: must match the pattern ^[a-z]+$"})
    );
    // responses/errors.yaml#/Unexpected is the root's Error, reached back from that file.
    let (status, body) = call(Request::get("/orders").body(Body::empty()).unwrap()).await;
    assert_eq!(
        (status, body),
        (StatusCode::SERVICE_UNAVAILABLE, json!({"code": 503}))
    );
}

#[tokio::test]
async fn the_client_against_the_mock() {
    let server = fixture_multi_file::mock::spawn().await.unwrap();
    let client = Client::new(server.url());
    // The mock answers with the example of schemas/pet.yaml#/Pet.
    let ListPetsResponse::Ok { body } = client
        .list_pets(&ListPetsParams::default().with_limit(5))
        .await
        .unwrap()
    else {
        panic!("not the first success response");
    };
    assert_eq!(body[0].name, "Rex");
    assert_eq!(body[0].tags.as_deref(), Some(&["good".to_owned()][..]));
    assert_eq!(body[0].validate(), Ok(()));
    let GetPetResponse::Ok { body } = client.get_pet(&GetPetParams::new(1)).await.unwrap() else {
        panic!("not the first success response");
    };
    assert_eq!(body.status, Some(PetStatus::Available));
    let ListOrdersResponse::Ok { body } = client.list_orders().await.unwrap() else {
        panic!("not the first success response");
    };
    assert_eq!(body[0].pet.id, 1);
    // A request the spec (in another file) forbids never leaves the client.
    let err = client.get_pet(&GetPetParams::new(0)).await.unwrap_err();
    assert!(matches!(err, ClientError::InvalidRequest(_)), "{err}");
    assert_eq!(
        err.to_string(),
        "the request breaks the spec:\npath/petId: must be at least 1 (minimum)"
    );
    server.stop().await.unwrap();
}

#[test]
fn generation_reports_every_file_it_read() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/multi_file");
    let generated = generator::generate(
        &root.join("openapi.yaml"),
        &generator::Options {
            crate_name: "fixture-multi-file".into(),
            ..generator::Options::default()
        },
    )
    .unwrap();
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let sources: Vec<String> = generated
        .sources
        .iter()
        .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
        .collect();
    // The root first, then each file in the order its first reference was met.
    assert_eq!(
        sources,
        [
            "openapi.yaml",
            "schemas/pet.yaml",
            "paths/pets.yaml",
            "parameters/paging.yaml",
            "responses/errors.yaml",
            "bodies/new-pet.yaml",
            "paths/pets/by-id.yaml",
            "parameters/pet-id.yaml",
            "paths/orders.yaml",
            "schemas/order.yaml",
            "schemas/Owner.yaml",
            "schemas/common/tag.json",
            "schemas/common/error.yaml",
        ]
    );
}
