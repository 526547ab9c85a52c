//! The generated client (feature `client`) over real HTTP on 127.0.0.1: a round trip with the
//! generated server for both operations of the seed pages and every documented status, local
//! validation, the typed errors, and the client against the mock of each fixture spec. (The
//! other operations answer like the mock here; `client_resources.rs` calls one of each resource.)

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use directory_api::client::{Client, ClientError};
use directory_api::models::{
    Organisation, OrganisationFlag, OrganisationFlagStatus, OrganisationFlagType,
    OrganisationStatus, OrganisationUpdateRequest, RefreshClientsParams, RefreshClientsStatus,
    ResponseError, UpdateOrganisationParams,
};
use directory_api::responses::{RefreshClientsResponse, UpdateOrganisationResponse};
use directory_api::server::{
    Api, Credentials, Operation, RefreshClientsRequest, Unauthenticated, UpdateOrganisationRequest,
    router,
};
use serde_json::json;

/// Answers each call with the next response of its queue and records what it was given.
#[derive(Clone, Default)]
struct Scripted {
    refresh: Arc<Mutex<Vec<RefreshClientsResponse>>>,
    update: Arc<Mutex<Vec<UpdateOrganisationResponse>>>,
    seen_refresh: Arc<Mutex<Vec<RefreshClientsRequest>>>,
    seen_update: Arc<Mutex<Vec<UpdateOrganisationRequest>>>,
}

impl Api for Scripted {
    type Claims = ();

    async fn authenticate(
        &self,
        _: Operation,
        credentials: Credentials,
    ) -> Result<(), Unauthenticated> {
        match credentials {
            Credentials::Bearer { token, .. } if token == "secret" => Ok(()),
            _ => Err(Unauthenticated {
                message: "bad token".into(),
            }),
        }
    }

    async fn refresh_clients(
        &self,
        _: (),
        request: RefreshClientsRequest,
    ) -> RefreshClientsResponse {
        self.seen_refresh.lock().unwrap().push(request);
        self.refresh.lock().unwrap().remove(0)
    }

    async fn update_organisation(
        &self,
        _: (),
        request: UpdateOrganisationRequest,
    ) -> UpdateOrganisationResponse {
        self.seen_update.lock().unwrap().push(request);
        self.update.lock().unwrap().remove(0)
    }

    tests::other_operations_via_mock!();
}

impl Scripted {
    /// The other operations answer like the mock and are not recorded.
    fn record(&self, _operation: &'static str, _request: &dyn std::fmt::Debug) {}
}

async fn serve(app: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn body() -> OrganisationUpdateRequest {
    serde_json::from_value(json!({
        "AddressLine1": "10 Downing Street", "City": "London", "CompanyRegister": "Companies House",
        "Country": "GB", "CountryOfRegistration": "GB", "LegalEntityName": "Example Bank plc",
        "OrganisationName": "Example Bank", "Postcode": "SW1A 2AA", "RegistrationNumber": "00000001",
        "Flags": ["f81d4fae-7dec-11d0-a765-00a0c91e6bf6"]
    }))
    .unwrap()
}

fn organisation() -> Organisation {
    let mut o: Organisation = serde_json::from_value(json!({})).unwrap();
    o.organisation_id = Some("org-1".into());
    o.address_line1 = Some("10 Downing Street".into());
    o.status = OrganisationStatus::Active;
    o.flags = Some(vec![OrganisationFlag {
        access_level: Some(3),
        description: Some("pilot".into()),
        name: Some("payments".into()),
        status: Some(OrganisationFlagStatus::Active),
        r#type: Some(OrganisationFlagType::Organisation),
        value: Some("on".into()),
    }]);
    o
}

fn errors(messages: &[&str]) -> ResponseError {
    ResponseError {
        errors: messages.iter().map(|m| (*m).to_owned()).collect(),
    }
}

/// Every documented status of both seed operations, each with distinct typed values.
fn every_refresh_response() -> Vec<RefreshClientsResponse> {
    let id = |n: u32| Some(format!("interaction-{n}"));
    use RefreshClientsResponse as R;
    vec![
        R::Created {
            x_fapi_interaction_id: id(1),
        },
        R::BadRequest {
            body: errors(&["query/page: must be a 32-bit integer"]),
            x_fapi_interaction_id: id(2),
        },
        R::Unauthorized {
            x_fapi_interaction_id: id(3),
        },
        R::Forbidden {
            x_fapi_interaction_id: id(4),
        },
        R::NotFound {
            body: errors(&["no such client", "really"]),
            x_fapi_interaction_id: id(5),
        },
        R::NotAcceptable {
            x_fapi_interaction_id: id(6),
        },
        R::TooManyRequests {
            x_fapi_interaction_id: id(7),
        },
        R::InternalServerError {
            x_fapi_interaction_id: id(8),
        },
        R::BadGateway {
            x_fapi_interaction_id: id(9),
        },
        R::GatewayTimeout {
            x_fapi_interaction_id: id(10),
        },
    ]
}

fn every_update_response() -> Vec<UpdateOrganisationResponse> {
    let id = |n: u32| Some(format!("update-{n}"));
    use UpdateOrganisationResponse as U;
    vec![
        U::Ok {
            body: organisation(),
            x_fapi_interaction_id: id(1),
        },
        U::BadRequest {
            body: errors(&["body/City: is required"]),
            x_fapi_interaction_id: id(2),
        },
        U::Unauthorized {
            x_fapi_interaction_id: id(3),
        },
        U::Forbidden {
            x_fapi_interaction_id: id(4),
        },
        U::NotFound {
            body: errors(&[]),
            x_fapi_interaction_id: id(5),
        },
        U::NotAcceptable {
            x_fapi_interaction_id: id(6),
        },
        U::TooManyRequests {
            x_fapi_interaction_id: id(7),
        },
        U::InternalServerError {
            x_fapi_interaction_id: id(8),
        },
        U::BadGateway {
            x_fapi_interaction_id: id(9),
        },
        U::GatewayTimeout {
            x_fapi_interaction_id: id(10),
        },
    ]
}

#[tokio::test]
async fn every_operation_and_status_survives_the_round_trip() {
    let api = Scripted::default();
    *api.refresh.lock().unwrap() = every_refresh_response();
    *api.update.lock().unwrap() = every_update_response();
    let addr = serve(router(api.clone())).await;
    let client = Client::new(format!("http://{addr}")).with_bearer_token("secret");

    for expected in every_refresh_response() {
        let got = client
            .refresh_clients(&RefreshClientsParams::default())
            .await
            .unwrap();
        assert_eq!(got.status(), expected.status());
        assert_eq!(got, expected);
    }
    let params = UpdateOrganisationParams::new("org-1");
    for expected in every_update_response() {
        let got = client.update_organisation(&params, &body()).await.unwrap();
        assert_eq!(got, expected);
    }
    // The request bodies reached the server unchanged, each with a fresh interaction id.
    let seen = api.seen_update.lock().unwrap();
    assert_eq!(seen.len(), 10);
    assert!(
        seen.iter()
            .all(|r| r.body == body() && r.params.organisation_id == "org-1")
    );
    let ids: Vec<_> = seen
        .iter()
        .map(|r| r.params.x_fapi_interaction_id.clone().unwrap())
        .collect();
    assert!(ids.iter().all(|id| uuid_like(id)), "{ids:?}");
    assert!(ids.windows(2).all(|w| w[0] != w[1]));
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.matches('-').count() == 4
}

#[tokio::test]
async fn parameters_are_serialised_as_the_spec_says() {
    let api = Scripted::default();
    *api.refresh.lock().unwrap() = every_refresh_response();
    *api.update.lock().unwrap() = every_update_response();
    let addr = serve(router(api.clone())).await;
    let client = Client::new(format!("http://{addr}/")).with_bearer_token("secret");
    let params = RefreshClientsParams {
        x_fapi_auth_date: Some("Sun, 10 Sep 2017 19:43:31 UTC".into()),
        x_fapi_interaction_id: Some("my-own-id-1".into()),
        x_customer_user_agent: Some("tests/1.0 (Linux)".into()),
        page: Some(2),
        size: Some(50),
        start_date: Some("2024-01-01T00:00:00+02:00".parse().unwrap()),
        end_date: Some("2024-02-01T12:30:00Z".parse().unwrap()),
        role: Some("DATA & ACCESS".into()),
        status: Some(RefreshClientsStatus::Suspended),
        name: Some("a+b c/é".into()),
        ..Default::default()
    };
    client.refresh_clients(&params).await.unwrap();
    assert_eq!(
        api.seen_refresh.lock().unwrap()[0].params,
        params,
        "every parameter survives exactly"
    );

    // Path segments are percent-encoded: a slash or a space stays part of the value.
    let params = UpdateOrganisationParams::new("a/b c?d#é");
    client.update_organisation(&params, &body()).await.unwrap();
    assert_eq!(
        api.seen_update.lock().unwrap()[0].params.organisation_id,
        "a/b c?d#é"
    );
}

#[tokio::test]
async fn invalid_requests_are_refused_locally_with_every_violation() {
    let api = Scripted::default();
    let addr = serve(router(api.clone())).await;
    let client = Client::new(format!("http://{addr}")).with_bearer_token("secret");
    let mut bad = body();
    bad.address_line1 = "abc".into();
    bad.flags = Some(vec!["<".into(), "x".repeat(41)]);
    let mut params = UpdateOrganisationParams::new("x".repeat(41));
    params.x_fapi_auth_date = Some("yesterday".into());
    let Err(ClientError::InvalidRequest(errors)) = client.update_organisation(&params, &bad).await
    else {
        panic!("the request was not refused");
    };
    let date = r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|UTC)$";
    assert_eq!(
        errors.to_string(),
        [
            "path/OrganisationId: must be at most 40 characters long (maxLength), found 41"
                .to_owned(),
            format!("header/x-fapi-auth-date: must match the pattern {date}"),
            "body/AddressLine1: must be at least 5 characters long (minLength), found 3".to_owned(),
            "body/Flags/0: must match the pattern ^[^<>]*$".to_owned(),
            "body/Flags/1: must be at most 40 characters long (maxLength), found 41".to_owned(),
        ]
        .join("\n")
    );
    assert!(
        api.seen_update.lock().unwrap().is_empty(),
        "nothing reached the server"
    );

    // No credentials: refused before sending.
    let anonymous = Client::new(format!("http://{addr}"));
    let err = anonymous
        .refresh_clients(&RefreshClientsParams::default())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ClientError::MissingCredentials {
                scheme: "bearerAuth"
            }
        ),
        "{err}"
    );
    assert!(api.seen_refresh.lock().unwrap().is_empty());
}

#[tokio::test]
async fn undocumented_statuses_invalid_bodies_and_transport_failures_are_typed_errors() {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    let teapot = axum::Router::new()
        .route(
            "/clients",
            axum::routing::post(|| async {
                (
                    StatusCode::IM_A_TEAPOT,
                    [("x-custom", "1")],
                    "short and stout",
                )
                    .into_response()
            }),
        )
        .route(
            "/organisations/{id}",
            axum::routing::put(|| async {
                // 200 with a body that breaks the response schema (Flags[0].Status is an enum).
                (
                    StatusCode::OK,
                    [("content-type", "application/json")],
                    r#"{"Flags": [{"Status": "Sleeping"}]}"#,
                )
                    .into_response()
            }),
        );
    let addr = serve(teapot).await;
    let client = Client::new(format!("http://{addr}")).with_bearer_token("secret");
    match client
        .refresh_clients(&RefreshClientsParams::default())
        .await
    {
        Err(ClientError::UnexpectedStatus(raw)) => {
            assert_eq!(raw.status, 418);
            assert_eq!(raw.headers["x-custom"], "1");
            assert_eq!(raw.body, b"short and stout");
        }
        other => panic!("{other:?}"),
    }
    match client
        .update_organisation(&UpdateOrganisationParams::new("org"), &body())
        .await
    {
        Err(ClientError::InvalidResponse { response, problem }) => {
            assert_eq!(response.status, 200);
            assert!(problem.contains("unknown variant `Sleeping`"), "{problem}");
            assert_eq!(response.text(), r#"{"Flags": [{"Status": "Sleeping"}]}"#);
        }
        other => panic!("{other:?}"),
    }
    // Nothing listens on this port.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let client = Client::new(format!("http://{closed}")).with_bearer_token("secret");
    let err = client
        .refresh_clients(&RefreshClientsParams::default())
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Transport(_)), "{err}");
}

#[tokio::test]
async fn the_default_base_url_is_the_specs_first_server() {
    assert_eq!(
        Client::DEFAULT_BASE_URL,
        "https://matls-api.sandbox.raidiam.io"
    );
    assert_eq!(
        Client::default().base_url(),
        "https://matls-api.sandbox.raidiam.io"
    );
}

/// The client of each fixture spec against that spec's mock: each operation answers its first
/// success response, decoded and validated by the client.
#[tokio::test]
async fn fixture_clients_against_their_mocks() {
    let addr = serve(fixture_enums::server::router(fixture_enums::mock::Mock)).await;
    let client = fixture_enums::client::Client::new(format!("http://{addr}"));
    let params = fixture_enums::models::ListThingsParams {
        colour: Some(fixture_enums::models::Colour::Green),
        sort: Some(fixture_enums::models::ListThingsSort::Desc),
    };
    let fixture_enums::responses::ListThingsResponse::Ok { body } =
        client.list_things(&params).await.unwrap();
    assert!(!body.is_empty());

    let addr = serve(fixture_nested::server::router(fixture_nested::mock::Mock)).await;
    let client = fixture_nested::client::Client::new(format!("http://{addr}"));
    let order: fixture_nested::models::CreateOrderBody = serde_json::from_value(json!({
        "customer": {"name": "Ada"}, "lines": [{"sku": "A1", "quantity": 2}]
    }))
    .unwrap();
    let response = client.create_order(&order).await.unwrap();
    assert_eq!(response.status(), 201);

    let addr = serve(fixture_refs::server::router(fixture_refs::mock::Mock)).await;
    let client = fixture_refs::client::Client::new(format!("http://{addr}"));
    let pet: fixture_refs::models::Pet =
        serde_json::from_value(json!({"id": "abc", "name": "Rex"})).unwrap();
    let mut params = fixture_refs::models::PutPetParams::new("abc");
    params.x_trace_id = Some("0123abcd".into());
    let fixture_refs::responses::PutPetResponse::Ok { body, .. } =
        client.put_pet(&params, &pet).await.unwrap()
    else {
        panic!("not the first success response");
    };
    assert_eq!(fixture_refs::Validate::validate(&body), Ok(()));

    let addr = serve(fixture_constraints::server::router(
        fixture_constraints::mock::Mock,
    ))
    .await;
    let client = fixture_constraints::client::Client::new(format!("http://{addr}"));
    let mut params = fixture_constraints::models::MeasureParams::new(7);
    params.ids = Some(vec![1, 2]);
    params.tags = Some(vec!["a".into(), "b".into()]);
    params.day = Some("2024-02-29".parse().unwrap());
    params.x_flag = Some(false);
    let response = client.measure(&params).await.unwrap();
    assert_eq!(
        response,
        fixture_constraints::responses::MeasureResponse::NoContent
    );
    // A parameter the spec forbids never leaves the client.
    params.ids = Some(vec![0]);
    let err = client.measure(&params).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "the request breaks the spec:\nquery/ids/0: must be at least 1 (minimum)"
    );
}

/// With the `tls` feature the client speaks https: it attempts a TLS handshake (which fails here,
/// against a listener that answers in plain text) instead of refusing the scheme.
#[tokio::test]
async fn the_tls_feature_gives_the_client_https() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        if let Ok((mut socket, _)) = listener.accept().await {
            use tokio::io::AsyncWriteExt;
            let _ = socket.write_all(b"HTTP/1.1 200 OK\r\n\r\n").await;
        }
    });
    let client = Client::new(format!("https://{addr}")).with_bearer_token("secret");
    let Err(ClientError::Transport(e)) = client
        .refresh_clients(&RefreshClientsParams::default())
        .await
    else {
        panic!("expected a transport error");
    };
    // Without TLS support reqwest refuses the scheme ("invalid URL, scheme is not http"); with
    // it, the handshake fails on the plain-text answer.
    let text = format!("{e:?}");
    assert!(!text.contains("scheme is not http"), "{text}");
    assert!(text.contains("InvalidContentType"), "{text}");
}
