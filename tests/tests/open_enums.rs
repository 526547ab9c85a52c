//! `unknown-enum-values = "keep"` (tests/fixtures/open_enums): every string enum keeps a value
//! the spec does not list in an `Unknown(String)` variant. A client reads such values in
//! responses; anything checked as a request (the client before it sends, the server, and
//! `from_json`) reports them as enum violations, exactly as a closed enum's value would be.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use fixture_open_enums::client::{Client, ClientError};
use fixture_open_enums::models::{Kind, ListPetsParams, Pet, PetTagsItem, SetStatusParams, Status};
use fixture_open_enums::responses::{CreatePetResponse, ListPetsResponse, SetStatusResponse};
use fixture_open_enums::server::{
    Api, CreatePetRequest, ListPetsRequest, SetStatusRequest, router,
};
use fixture_open_enums::{Model, Validate, ValidationErrors};
use openapi_runtime::schema;
use serde_json::json;
use tower::ServiceExt;

const STATUS_VALUES: &str = "must be one of available, pending, sold (enum)";

fn lost() -> Status {
    Status::Unknown("lost".into())
}

#[test]
fn unknown_values_read_into_unknown_and_write_back_as_they_came() {
    let status: Status = serde_json::from_value(json!("available")).unwrap();
    assert_eq!(status, Status::Available);
    let status: Status = serde_json::from_value(json!("lost")).unwrap();
    assert_eq!(status, lost());
    assert_eq!(serde_json::to_value(&status).unwrap(), json!("lost"));
    assert_eq!(status.as_str(), "lost");
    assert_eq!(status.to_string(), "lost");
    assert!(!status.is_known() && Status::Sold.is_known());
    assert_eq!("lost".parse::<Status>(), Ok(lost()));
    assert_eq!("pending".parse::<Status>(), Ok(Status::Pending));
    assert_eq!(Status::ALL.len(), Status::VALUES.len());
    // Not a string: still an error.
    assert!(serde_json::from_value::<Status>(json!(1)).is_err());

    // A value spelled `unknown` is a listed value; kept values take another name.
    assert_eq!(
        serde_json::from_value::<Kind>(json!("unknown")).unwrap(),
        Kind::Unknown
    );
    assert_eq!(
        serde_json::from_value::<Kind>(json!("bird")).unwrap(),
        Kind::UnknownValue("bird".into())
    );

    let value = json!({"name": "Rex", "status": "lost", "kind": "bird", "tags": ["huge", "small"]});
    let pet: Pet = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(pet.status, lost());
    assert_eq!(
        pet.tags,
        Some(vec![
            PetTagsItem::Unknown("huge".into()),
            PetTagsItem::Small
        ])
    );
    assert_eq!(serde_json::to_value(&pet).unwrap(), value);
}

/// The typed check (`Validate`) and the schema check (`from_json`, the server's raw-JSON path)
/// report an unknown value at the same place with the same rule; both accept it only when
/// checking a response.
#[test]
fn an_unknown_value_is_a_violation_except_in_a_response() {
    let pet = Pet::new("Rex", lost()).with_tags(vec![PetTagsItem::Unknown("huge".into())]);
    let typed: Vec<String> = pet
        .validate()
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        typed,
        [
            format!("/status: {STATUS_VALUES}"),
            "/tags/0: must be one of small, large (enum)".to_owned()
        ]
    );
    let text = serde_json::to_string(&pet).unwrap();
    let raw: Vec<String> = Pet::from_json(&text)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(raw, typed);

    // As a response: accepted by both.
    let mut errors = ValidationErrors::for_response();
    pet.validate_at(&openapi_runtime::Location::root(""), &mut errors);
    assert!(errors.is_empty(), "{errors}");
    let value = serde_json::to_value(&pet).unwrap();
    let mut errors = ValidationErrors::for_response();
    schema::check(
        &value,
        Pet::schema(),
        &openapi_runtime::Location::root(""),
        &mut errors,
    );
    assert!(errors.is_empty(), "{errors}");
    // Other violations are still reported in a response.
    let mut errors = ValidationErrors::for_response();
    schema::check(
        &json!({"name": "Rex", "status": 7}),
        Pet::schema(),
        &openapi_runtime::Location::root(""),
        &mut errors,
    );
    assert_eq!(errors.len(), 1, "{errors}");
}

/// What the server received, and what it answers.
#[derive(Clone, Default)]
struct Pets {
    received: Arc<Mutex<Vec<String>>>,
}

impl Api for Pets {
    async fn list_pets(&self, request: ListPetsRequest) -> ListPetsResponse {
        self.received
            .lock()
            .unwrap()
            .push(format!("{:?}", request.params));
        // A newer server: values this spec does not list.
        let pet = Pet::new("Rex", lost())
            .with_kind(Kind::UnknownValue("bird".into()))
            .with_tags(vec![PetTagsItem::Unknown("huge".into())]);
        ListPetsResponse::Ok {
            body: vec![pet],
            x_status: Some(Status::Unknown("adopted".into())),
        }
    }

    async fn create_pet(&self, request: CreatePetRequest) -> CreatePetResponse {
        self.received
            .lock()
            .unwrap()
            .push(format!("{:?}", request.body));
        let mut pet = request.body;
        pet.status = Status::Unknown("registered".into());
        CreatePetResponse::Created { body: pet }
    }

    async fn set_status(&self, request: SetStatusRequest) -> SetStatusResponse {
        self.received
            .lock()
            .unwrap()
            .push(format!("{:?}", request.body));
        SetStatusResponse::Ok {
            body: Status::Unknown("archived".into()),
        }
    }
}

async fn serve(pets: Pets) -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(pets);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Client::new(format!("http://{addr}"))
}

#[tokio::test]
async fn the_client_reads_unknown_values_in_responses() {
    let pets = Pets::default();
    let client = serve(pets.clone()).await;

    let ListPetsResponse::Ok { body, x_status } = client
        .list_pets(&ListPetsParams::default().with_status(Status::Sold))
        .await
        .unwrap();
    assert_eq!(body[0].status, lost());
    assert_eq!(body[0].kind, Some(Kind::UnknownValue("bird".into())));
    assert_eq!(
        body[0].tags,
        Some(vec![PetTagsItem::Unknown("huge".into())])
    );
    assert_eq!(x_status, Some(Status::Unknown("adopted".into())));

    let CreatePetResponse::Created { body } = client
        .create_pet(&Pet::new("Rex", Status::Available))
        .await
        .unwrap();
    assert_eq!(body.status, Status::Unknown("registered".into()));

    let SetStatusResponse::Ok { body } = client
        .set_status(&SetStatusParams::new(1), &Status::Pending)
        .await
        .unwrap();
    assert_eq!(body, Status::Unknown("archived".into()));
    assert_eq!(pets.received.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn the_client_refuses_to_send_unknown_values() {
    let pets = Pets::default();
    let client = serve(pets.clone()).await;
    let refused = |result: Result<_, ClientError>| match result {
        Err(ClientError::InvalidRequest(errors)) => {
            errors.iter().map(ToString::to_string).collect::<Vec<_>>()
        }
        other => panic!("not refused: {other:?}"),
    };
    let errors = refused(client.create_pet(&Pet::new("Rex", lost())).await.map(drop));
    assert_eq!(errors, [format!("body/status: {STATUS_VALUES}")]);
    let params = ListPetsParams::default().with_status(lost());
    let errors = refused(client.list_pets(&params).await.map(drop));
    assert_eq!(errors, [format!("query/status: {STATUS_VALUES}")]);
    let errors = refused(
        client
            .set_status(&SetStatusParams::new(1), &lost())
            .await
            .map(drop),
    );
    assert_eq!(errors, [format!("body: {STATUS_VALUES}")]);
    assert!(
        pets.received.lock().unwrap().is_empty(),
        "something was sent"
    );
}

/// Status and error list of a request to the router.
async fn call(request: Request<Body>) -> (StatusCode, Vec<String>) {
    let response = router(Pets::default()).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    let errors = body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| e.as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default();
    (status, errors)
}

fn json_request(method: &str, uri: &str, body: serde_json::Value) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test]
async fn the_server_answers_400_to_unknown_values() {
    let (status, errors) = call(json_request(
        "POST",
        "/pets",
        json!({"name": "Rex", "status": "lost", "tags": ["small", "huge"]}),
    ))
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        errors,
        [
            format!("body/status: {STATUS_VALUES}"),
            "body/tags/1: must be one of small, large (enum)".to_owned()
        ]
    );

    let (status, errors) = call(json_request("PUT", "/pets/1/status", json!("lost"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(errors, [format!("body: {STATUS_VALUES}")]);

    let request = Request::get("/pets?status=lost")
        .body(Body::empty())
        .unwrap();
    let (status, errors) = call(request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(errors, [format!("query/status: {STATUS_VALUES}")]);

    // Listed values pass.
    let request = Request::get("/pets?status=sold")
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(request).await.0, StatusCode::OK);
}

/// The mock answers with the spec's values, which the client reads as known ones.
#[tokio::test]
async fn the_mock_answers_with_known_values() {
    let mock = fixture_open_enums::mock::spawn().await.unwrap();
    let client = Client::new(mock.url());
    let SetStatusResponse::Ok { body } = client
        .set_status(&SetStatusParams::new(1), &Status::Sold)
        .await
        .unwrap();
    assert!(body.is_known(), "{body:?}");
    let ListPetsResponse::Ok { body, .. } =
        client.list_pets(&ListPetsParams::default()).await.unwrap();
    assert!(body.iter().all(|pet| pet.status.is_known()), "{body:?}");
    mock.stop().await.unwrap();
}
