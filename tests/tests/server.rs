//! End to end over real HTTP on 127.0.0.1: the generated directory server (feature `server`)
//! with a recording test implementation. For each seed constraint a valid and an invalid
//! request, with the exact error list, the interaction id, and bearer handling.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use directory_api::models::{Organisation, OrganisationStatus, OrganisationUpdateRequest};
use directory_api::responses::{RefreshClientsResponse, UpdateOrganisationResponse};
use directory_api::server::{
    Api, Credentials, Operation, RefreshClientsRequest, Unauthenticated, UpdateOrganisationRequest,
    router,
};
use reqwest::StatusCode;
use serde_json::{Value, json};

const TOKEN: &str = "good-token";

/// Records what reached the implementation.
#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    /// The operations other than the two below (`tests::other_operations_via_mock!`).
    fn record(&self, operation: &'static str, request: &dyn std::fmt::Debug) {
        self.seen
            .lock()
            .unwrap()
            .push(format!("{operation} {request:?}"));
    }
}

impl Api for Recorder {
    type Claims = String;

    async fn authenticate(
        &self,
        operation: Operation,
        credentials: Credentials,
    ) -> Result<String, Unauthenticated> {
        match credentials {
            Credentials::Bearer {
                scheme: "bearerAuth",
                token,
            } if token == TOKEN => Ok(format!("alice@{}", operation.name())),
            _ => Err(Unauthenticated {
                message: "the token is not valid".into(),
            }),
        }
    }

    async fn refresh_clients(
        &self,
        claims: String,
        request: RefreshClientsRequest,
    ) -> RefreshClientsResponse {
        if request.params.name.as_deref() == Some("panic") {
            panic!("the implementation panics on purpose");
        }
        self.seen
            .lock()
            .unwrap()
            .push(format!("{claims} {:?}", request.params));
        RefreshClientsResponse::Created {
            x_fapi_interaction_id: None,
        }
    }

    async fn update_organisation(
        &self,
        claims: String,
        request: UpdateOrganisationRequest,
    ) -> UpdateOrganisationResponse {
        self.seen
            .lock()
            .unwrap()
            .push(format!("{claims} {}", request.params.organisation_id));
        let body: OrganisationUpdateRequest = request.body;
        UpdateOrganisationResponse::Ok {
            body: Organisation {
                organisation_id: Some(request.params.organisation_id),
                address_line1: Some(body.address_line1),
                city: Some(body.city),
                status: OrganisationStatus::Active,
                ..serde_json::from_value(json!({})).unwrap()
            },
            x_fapi_interaction_id: None,
        }
    }

    tests::other_operations_via_mock!();
}

struct Server {
    addr: SocketAddr,
    recorder: Recorder,
    client: reqwest::Client,
}

async fn start() -> Server {
    let recorder = Recorder::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(recorder.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server {
        addr,
        recorder,
        client: reqwest::Client::new(),
    }
}

fn valid_body() -> Value {
    json!({
        "AddressLine1": "10 Downing Street",
        "City": "London",
        "CompanyRegister": "Companies House",
        "Country": "GB",
        "CountryOfRegistration": "GB",
        "LegalEntityName": "Example Bank plc",
        "OrganisationName": "Example Bank",
        "Postcode": "SW1A 2AA",
        "RegistrationNumber": "00000001",
        "Flags": ["f81d4fae-7dec-11d0-a765-00a0c91e6bf6"],
        "LogoUri": "https://www.example.com/logo.png"
    })
}

struct Answer {
    status: StatusCode,
    interaction_id: Option<String>,
    www_authenticate: Option<String>,
    content_type: Option<String>,
    body: Value,
}

impl Answer {
    /// The error list of the API's error body.
    fn errors(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("no error list in {}", self.body))
            .iter()
            .map(|e| e.as_str().unwrap().to_owned())
            .collect()
    }
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.unwrap();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
        };
        let (interaction_id, www_authenticate, content_type) = (
            header("x-fapi-interaction-id"),
            header("www-authenticate"),
            header("content-type"),
        );
        let status = response.status();
        let text = response.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Answer {
            status,
            interaction_id,
            www_authenticate,
            content_type,
            body,
        }
    }

    async fn put(&self, id: &str, body: &Value) -> Answer {
        self.send(
            self.client
                .put(self.url(&format!("/organisations/{id}")))
                .bearer_auth(TOKEN)
                .json(body),
        )
        .await
    }

    async fn post_clients(&self, query: &str) -> Answer {
        self.send(
            self.client
                .post(self.url(&format!("/clients{query}")))
                .bearer_auth(TOKEN),
        )
        .await
    }
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.chars().enumerate().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

#[tokio::test]
async fn a_valid_update_reaches_the_implementation_with_typed_values() {
    let server = start().await;
    let answer = server.put("org-1", &valid_body()).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    assert_eq!(answer.body["OrganisationId"], "org-1");
    assert_eq!(answer.body["AddressLine1"], "10 Downing Street");
    assert_eq!(
        server.recorder.seen.lock().unwrap().as_slice(),
        ["alice@update_organisation org-1"]
    );
}

#[tokio::test]
async fn every_response_carries_the_interaction_id() {
    let server = start().await;
    // A valid id is echoed.
    let request = server
        .client
        .put(server.url("/organisations/org-1"))
        .bearer_auth(TOKEN)
        .json(&valid_body());
    let answer = server
        .send(request.header(
            "x-fapi-interaction-id",
            "73cac523-d3ae-2289-b106-330a6218710d",
        ))
        .await;
    assert_eq!(
        answer.interaction_id.as_deref(),
        Some("73cac523-d3ae-2289-b106-330a6218710d")
    );
    // None sent: a new UUID.
    let answer = server.put("org-1", &valid_body()).await;
    assert!(is_uuid(answer.interaction_id.as_deref().unwrap()));
    // One that breaks the response header's pattern is not echoed: a new UUID instead.
    let request = server
        .client
        .put(server.url("/organisations/org-1"))
        .bearer_auth(TOKEN)
        .json(&valid_body());
    let answer = server
        .send(request.header("x-fapi-interaction-id", "-starts-with-dash"))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(is_uuid(answer.interaction_id.as_deref().unwrap()));
    // Errors, 401, 404 and 405 too.
    let request = server
        .client
        .get(server.url("/nowhere"))
        .header("x-fapi-interaction-id", "abc-123");
    let answer = server.send(request).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.interaction_id.as_deref(), Some("abc-123"));
    assert_eq!(answer.errors(), ["no operation at GET /nowhere"]);
    let answer = server
        .send(server.client.delete(server.url("/clients")))
        .await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(is_uuid(answer.interaction_id.as_deref().unwrap()));
    assert_eq!(answer.errors(), ["DELETE is not allowed on /clients"]);
    let answer = server
        .send(server.client.post(server.url("/clients")))
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert!(is_uuid(answer.interaction_id.as_deref().unwrap()));
    let answer = server.put("org-1", &json!({})).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(is_uuid(answer.interaction_id.as_deref().unwrap()));
}

#[tokio::test]
async fn body_constraints_one_by_one() {
    let server = start().await;
    // (field, a valid value, an invalid value, the exact message)
    let cases: Vec<(&str, Value, Value, String)> = vec![
        ("AddressLine1", json!("a".repeat(5)), json!("abcd"), "must be at least 5 characters long (minLength), found 4".into()),
        ("AddressLine1", json!("é".repeat(255)), json!("a".repeat(256)), "must be at most 255 characters long (maxLength), found 256".into()),
        ("AddressLine1", json!("10 Downing Street"), json!("abcde<"), "must match the pattern ^[^<>]*$".into()),
        ("AddressLine2", json!("Flat 1"), json!("a".repeat(256)), "must be at most 255 characters long (maxLength), found 256".into()),
        ("City", json!("Ly"), json!("L"), "must be at least 2 characters long (minLength), found 1".into()),
        ("CompanyRegister", json!("C"), json!(""), "must be at least 1 character long (minLength), found 0".into()),
        ("Country", json!("<GB>"), json!("G"), "must be at least 2 characters long (minLength), found 1".into()),
        ("CountryOfRegistration", json!("GB"), json!("G>"), "must match the pattern ^[^<>]*$".into()),
        ("Flags", json!(["x".repeat(40)]), json!(["ok", "x".repeat(41)]), String::new()),
        ("LegalEntityName", json!("E"), json!("<E>"), "must match the pattern ^[^<>]*$".into()),
        ("LogoUri", json!("data:image/png;base64,iVBORw0KGgo="), json!("https://example.com"),
            r"must match the pattern ^(http://|https://).*.(svg|png|jpg|jpeg)$|(data:image/[a-zA-Z0-9;+=-]+,[A-Za-z0-9+/]*={0,2})$".into()),
        ("OrganisationName", json!("O"), json!(""), "must be at least 1 character long (minLength), found 0".into()),
        ("ParentOrganisationReference", json!("<p>"), json!("a".repeat(65536)), "must be at most 65535 characters long (maxLength), found 65536".into()),
        ("Postcode", json!("SW1"), json!("SW"), "must be at least 3 characters long (minLength), found 2".into()),
        ("RegisteredName", json!("R"), json!("<R"), "must match the pattern ^[^<>]*$".into()),
        ("RegistrationId", json!("x".repeat(40)), json!("x".repeat(41)), "must be at most 40 characters long (maxLength), found 41".into()),
        ("RegistrationNumber", json!("1"), json!(""), "must be at least 1 character long (minLength), found 0".into()),
        ("RequiresParticipantTermsAndConditionsSigning", json!(false), json!("yes"), "must be a boolean, found a string".into()),
        ("Size", json!("Large"), json!("<Large>"), "must match the pattern ^[^<>]*$".into()),
        ("Status", json!("Withdrawn"), json!("Deleted"), "must be one of Active, Pending, Withdrawn (enum)".into()),
    ];
    for (field, good, bad, message) in cases {
        let mut body = valid_body();
        body[field] = good;
        let answer = server.put("org-1", &body).await;
        assert_eq!(answer.status, StatusCode::OK, "{field}: {}", answer.body);
        body[field] = bad;
        let answer = server.put("org-1", &body).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{field}");
        assert_eq!(answer.content_type.as_deref(), Some("application/json"));
        let expected = if field == "Flags" {
            "body/Flags/1: must be at most 40 characters long (maxLength), found 41".to_owned()
        } else {
            format!("body/{field}: {message}")
        };
        assert_eq!(answer.errors(), [expected], "{field}");
    }
}

#[tokio::test]
async fn defaults_apply_before_the_implementation_sees_the_body() {
    let server = start().await;
    // Status is absent: the server deserialises it as the default (Pending); the request is valid.
    let answer = server.put("org-1", &valid_body()).await;
    assert_eq!(answer.status, StatusCode::OK);
}

#[tokio::test]
async fn required_members_and_types() {
    let server = start().await;
    let mut body = valid_body();
    body.as_object_mut().unwrap().remove("City");
    body.as_object_mut().unwrap().remove("Postcode");
    body["AddressLine1"] = json!(12345);
    body["Flags"] = json!("not a list");
    let answer = server.put("org-1", &body).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.errors(),
        [
            "body/AddressLine1: must be a string, found 12345",
            "body/City: is required",
            "body/Flags: must be an array, found a string",
            "body/Postcode: is required",
        ]
    );
    let answer = server.put("org-1", &json!([1, 2])).await;
    assert_eq!(answer.errors(), ["body: must be an object, found an array"]);
}

#[tokio::test]
async fn path_parameter_constraints() {
    let server = start().await;
    assert_eq!(
        server.put(&"é".repeat(40), &valid_body()).await.status,
        StatusCode::OK
    );
    let answer = server.put(&"a".repeat(41), &valid_body()).await;
    assert_eq!(
        answer.errors(),
        ["path/OrganisationId: must be at most 40 characters long (maxLength), found 41"]
    );
    let answer = server.put("%3Cscript%3E", &valid_body()).await;
    assert_eq!(
        answer.errors(),
        ["path/OrganisationId: must match the pattern ^[^<>]*$"]
    );
    // A percent-encoded slash is part of the value, not a separator.
    let answer = server.put("a%2Fb", &valid_body()).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body["OrganisationId"], "a/b");
}

#[tokio::test]
async fn header_parameters() {
    let server = start().await;
    let request = |date: &str| {
        server
            .client
            .post(server.url("/clients"))
            .bearer_auth(TOKEN)
            .header("x-fapi-auth-date", date)
    };
    assert_eq!(
        server
            .send(request("Sun, 10 Sep 2017 19:43:31 UTC"))
            .await
            .status,
        StatusCode::CREATED
    );
    let pattern = r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|UTC)$";
    let answer = server.send(request("Sun, ١٠ Sep 2017 19:43:31 UTC")).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.errors(),
        [format!(
            "header/x-fapi-auth-date: must match the pattern {pattern}"
        )]
    );
    // Repeated.
    let answer = server
        .send(
            request("Sun, 10 Sep 2017 19:43:31 UTC")
                .header("x-fapi-auth-date", "Mon, 11 Sep 2017 19:43:31 UTC"),
        )
        .await;
    assert_eq!(
        answer.errors(),
        ["header/x-fapi-auth-date: must be given only once"]
    );
    // Not UTF-8.
    let bytes = reqwest::header::HeaderValue::from_bytes(b"Sun, \xff").unwrap();
    let answer = server
        .send(
            server
                .client
                .post(server.url("/clients"))
                .bearer_auth(TOKEN)
                .header("x-customer-user-agent", bytes),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.errors(),
        ["header/x-customer-user-agent: must be valid UTF-8"]
    );
}

#[tokio::test]
async fn query_parameters_are_parsed_by_type() {
    let server = start().await;
    let answer = server
        .post_clients("?page=2&size=10&startDate=2024-01-01T00:00:00Z&status=Suspended&name=a%20b")
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let seen = server.recorder.seen.lock().unwrap().join("\n");
    assert!(seen.contains("page: Some(2)"), "{seen}");
    assert!(seen.contains("status: Some(Suspended)"), "{seen}");
    assert!(seen.contains(r#"name: Some("a b")"#), "{seen}");
    let answer = server.post_clients("?page=two&size=99999999999&startDate=yesterday&endDate=2024-02-30T00:00:00Z&status=Deleted&page=3").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.errors(),
        [
            "query/page: must be given only once",
            "query/size: must be a 32-bit integer, found 99999999999",
            "query/startDate: must be a valid date-time (RFC 3339)",
            "query/endDate: must be a valid date-time (RFC 3339)",
            "query/status: must be one of Active, Inactive, Suspended (enum)",
        ]
    );
}

#[tokio::test]
async fn all_violations_of_one_request_are_reported_together() {
    let server = start().await;
    let mut body = valid_body();
    body["AddressLine1"] = json!("abc");
    body["Flags"] = json!(["<"]);
    body.as_object_mut().unwrap().remove("Country");
    let request = server
        .client
        .put(server.url(&format!("/organisations/{}", "x".repeat(41))))
        .bearer_auth(TOKEN)
        .header("x-fapi-auth-date", "yesterday")
        .json(&body);
    let answer = server.send(request).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.errors(),
        [
            "path/OrganisationId: must be at most 40 characters long (maxLength), found 41",
            &format!(
                "header/x-fapi-auth-date: must match the pattern {}",
                r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|UTC)$"
            ),
            "body/AddressLine1: must be at least 5 characters long (minLength), found 3",
            "body/Country: is required",
            "body/Flags/0: must match the pattern ^[^<>]*$",
        ]
    );
    assert!(
        server.recorder.seen.lock().unwrap().is_empty(),
        "an invalid request reached the implementation"
    );
}

#[tokio::test]
async fn malformed_bodies_wrong_media_types_and_oversized_bodies() {
    let server = start().await;
    let put = || {
        server
            .client
            .put(server.url("/organisations/org-1"))
            .bearer_auth(TOKEN)
    };
    let answer = server
        .send(
            put()
                .header("content-type", "application/json")
                .body("{\"AddressLine1\": "),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.errors(),
        ["body: invalid JSON: EOF while parsing a value at line 1 column 17"]
    );
    let answer = server
        .send(put().header("content-type", "text/plain").body("hello"))
        .await;
    assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        answer.errors(),
        ["header/content-type: must be application/json, found \"text/plain\""]
    );
    let answer = server.send(put()).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.errors(), ["body: is required"]);
    let answer = server
        .send(
            put()
                .header("content-type", "application/json; charset=utf-8")
                .body(valid_body().to_string()),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let huge = json!({ "AddressLine1": "a".repeat(3 * 1024 * 1024) });
    let answer = server.send(put().json(&huge)).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        answer.errors(),
        ["body: larger than the limit of 2097152 bytes"]
    );
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let answer = server
        .send(put().header("content-type", "application/json").body(deep))
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.errors(),
        ["body: invalid JSON: recursion limit exceeded at line 1 column 128"]
    );
}

#[tokio::test]
async fn bearer_credentials_are_checked_before_the_body_is_read() {
    let server = start().await;
    let url = server.url("/organisations/org-1");
    let cases = [
        (None, "header/authorization: a bearer token is required"),
        (
            Some("Basic dXNlcjpwYXNz"),
            "header/authorization: must be `Bearer <token>`",
        ),
        (
            Some("Bearer"),
            "header/authorization: must be `Bearer <token>`",
        ),
        (
            Some("Bearer a b"),
            "header/authorization: must be `Bearer <token>`",
        ),
        (Some("Bearer wrong-token"), "the token is not valid"),
    ];
    for (authorization, message) in cases {
        // The body is invalid too: 401 comes first.
        let mut request = server
            .client
            .put(&url)
            .header("content-type", "application/json")
            .body("{not json");
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        let answer = server.send(request).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{authorization:?}");
        assert_eq!(answer.errors(), [message], "{authorization:?}");
        assert_eq!(answer.www_authenticate.as_deref(), Some("Bearer"));
    }
    assert!(server.recorder.seen.lock().unwrap().is_empty());
    let answer = server
        .send(
            server
                .client
                .put(&url)
                .header("authorization", format!("bearer {TOKEN}"))
                .json(&valid_body()),
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "the scheme name is case-insensitive"
    );
}

/// The mock (feature `mock`) answers each operation with its first success response, with a
/// body that satisfies the response schema, and validates requests like any implementation.
#[tokio::test]
async fn the_mock_answers_with_valid_examples() {
    use directory_api::Validate;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router(directory_api::mock::Mock::default()))
            .await
            .unwrap()
    });
    let client = reqwest::Client::new();
    let url = |path: &str| format!("http://{addr}{path}");

    let response = client
        .put(url("/organisations/org-1"))
        .bearer_auth("any")
        .json(&valid_body())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(is_uuid(
        response.headers()["x-fapi-interaction-id"]
            .to_str()
            .unwrap()
    ));
    let organisation: Organisation = response.json().await.unwrap();
    organisation.validate().unwrap();
    assert!(organisation.organisation_id.is_some());

    let response = client
        .post(url("/clients"))
        .bearer_auth("any")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert!(response.bytes().await.unwrap().is_empty());

    let response = client
        .put(url("/organisations/org-1"))
        .bearer_auth("any")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let response = client.post(url("/clients")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

/// The mock with a secret (`mock --token`) refuses other credentials, so that a fuzzer can
/// tell that authentication is not ignored (schemathesis `ignored_auth`).
#[tokio::test]
async fn the_mock_with_a_secret_refuses_other_credentials() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(directory_api::mock::Mock::with_secret("s3cret"));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = reqwest::Client::new();
    let post = |token: &'static str| {
        client
            .post(format!("http://{addr}/clients"))
            .bearer_auth(token)
            .send()
    };
    assert_eq!(post("s3cret").await.unwrap().status(), StatusCode::CREATED);
    let refused = post("other").await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(
        body["errors"],
        json!(["the credentials are not the mock's secret"])
    );
}

/// Hardening: what a client may send that the spec does not allow gets a 400 with the error
/// body, never a 500 or a panic; what the spec allows is accepted.
#[tokio::test]
async fn query_strings_with_unknown_or_repeated_keys() {
    let server = start().await;
    let answer = server
        .post_clients("?page=1&foo=1&foo=2&bar&size=1&size=2")
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.errors(),
        [
            "query/foo: is not a parameter of this operation",
            "query/bar: is not a parameter of this operation",
            "query/size: must be given only once",
        ]
    );
    // An operation without query parameters takes no query string keys.
    let request = server
        .client
        .put(server.url("/organisations/org-1?x=1"))
        .bearer_auth(TOKEN)
        .json(&valid_body());
    let answer = server.send(request).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.errors(),
        ["query/x: is not a parameter of this operation"]
    );
    // An empty query string is no key at all.
    assert_eq!(server.post_clients("?").await.status, StatusCode::CREATED);
    assert!(server.recorder.seen.lock().unwrap().len() == 1);
}

#[tokio::test]
async fn query_integers_out_of_range_for_the_rust_type() {
    let server = start().await;
    // What was found: the number when it is a 64-bit integer, else the text.
    for (value, found) in [
        ("2147483648", "2147483648"),
        ("-2147483649", "-2147483649"),
        ("18446744073709551616", r#""18446744073709551616""#),
        ("1e400", r#""1e400""#),
        ("1.0", r#""1.0""#),
        ("%00", r#""\0""#),
    ] {
        let answer = server.post_clients(&format!("?page={value}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{value}");
        assert_eq!(
            answer.errors(),
            [format!(
                "query/page: must be a 32-bit integer, found {found}"
            )],
            "{value}"
        );
    }
    let answer = server.post_clients("?page=2147483647").await;
    assert_eq!(answer.status, StatusCode::CREATED);
}

#[tokio::test]
async fn body_null_for_an_optional_member_and_uri_format() {
    let server = start().await;
    // `null` is not absent: the member is not `nullable`.
    let mut body = valid_body();
    body["Size"] = Value::Null;
    let answer = server.put("org-1", &body).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.errors(), ["body/Size: must be a string, found null"]);
    // `LogoUri` matches its (unanchored) pattern but is no URI (`format: uri`).
    let mut body = valid_body();
    body["LogoUri"] = json!("\u{f}data:image/V,a=");
    let answer = server.put("org-1", &body).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.errors(),
        ["body/LogoUri: must be a valid URI (RFC 3986)"]
    );
}

#[tokio::test]
async fn body_invalid_utf8_and_numbers_out_of_range() {
    let server = start().await;
    let put = |body: Vec<u8>| {
        server
            .client
            .put(server.url("/organisations/org-1"))
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body(body)
    };
    let mut bytes = b"{\"AddressLine1\": \"10 Downing \xff Street\"}".to_vec();
    let answer = server.send(put(bytes.clone())).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.errors(),
        ["body: invalid JSON: invalid unicode code point at line 1 column 30"]
    );
    bytes = b"\xef\xbb\xbf{}".to_vec();
    let answer = server.send(put(bytes)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);

    // The directory's request body has no numbers: the nested fixture's has an integer.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = fixture_nested::server::router(fixture_nested::mock::Mock);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    for (quantity, message) in [
        (
            "9223372036854775808",
            "must be a 64-bit integer, found 9223372036854775808",
        ),
        (
            "18446744073709551616",
            "must be a 64-bit integer, found 1.8446744073709552e+19",
        ),
        (
            "-9223372036854775809",
            "must be a 64-bit integer, found -9.223372036854776e+18",
        ),
        ("1.5", "must be a 64-bit integer, found 1.5"),
        (
            "1e400",
            "invalid JSON: number out of range at line 1 column 68",
        ),
    ] {
        let body = format!(
            r#"{{"customer": {{"name": "n"}}, "lines": [{{"sku": "a", "quantity": {quantity}}}]}}"#
        );
        let response = server
            .client
            .post(format!("http://{addr}/orders"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{quantity}");
        let body: Value = response.json().await.unwrap();
        let expected = if message.starts_with("invalid JSON") {
            format!("body: {message}")
        } else {
            format!("body/lines/0/quantity: {message}")
        };
        // The nested fixture's errors are Open Finance Brasil's objects.
        assert_eq!(body["errors"][0]["detail"], json!(expected), "{quantity}");
        assert_eq!(
            body["errors"].as_array().map(Vec::len),
            Some(1),
            "{quantity}"
        );
    }
    // `-0` is an integer (serde_json reads it as `-0.0`): 0, which is below the minimum.
    let response = server
        .client
        .post(format!("http://{addr}/orders"))
        .header("content-type", "application/json")
        .body(r#"{"customer": {"name": "n"}, "lines": [{"sku": "a", "quantity": -0}]}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["detail"],
        json!("body/lines/0/quantity: must be at least 1 (minimum)")
    );
    assert_eq!(body["errors"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn huge_headers() {
    let server = start().await;
    let post = |size: usize| {
        server
            .client
            .post(server.url("/clients"))
            .bearer_auth(TOKEN)
            .header("x-customer-user-agent", "a".repeat(size))
    };
    // Large but within the HTTP server's limits: a header without constraints is accepted.
    assert_eq!(
        server.send(post(16 * 1024)).await.status,
        StatusCode::CREATED
    );
    // Over the limits of the HTTP layer (hyper): refused before the router, so without the
    // API's error body, but never a 500.
    let response = post(1024 * 1024).send().await;
    match response {
        Ok(response) => assert_eq!(
            response.status(),
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
        ),
        Err(e) => panic!("{e}"),
    }
}

/// Found by schemathesis from outside: a `date-time` query parameter whose tenth byte falls
/// inside a multi-byte character made `is_date_time` slice a `str` mid-character, and the
/// server panicked and dropped the connection. It is a 400 like any other bad date-time.
#[tokio::test]
async fn a_date_time_with_multibyte_characters_is_a_400_not_a_panic() {
    let server = start().await;
    let answer = server
        .post_clients(
            "?startDate=%C2%80%C2%80%C2%80%C2%80%F0%90%80%80%F0%90%80%80%F0%90%80%80%C2%80%C2%80",
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert_eq!(
        answer.errors(),
        ["query/startDate: must be a valid date-time (RFC 3339)"]
    );
    assert!(answer.interaction_id.is_some());
}

/// A panic in the implementation (or the router) is caught: the client gets a 500 with the
/// API's error body and the interaction id, not a dropped connection, and the server goes on.
#[tokio::test]
async fn a_panicking_implementation_answers_500_with_the_error_body() {
    let server = start().await;
    let id = "f81d4fae-7dec-11d0-a765-00a0c91e6bf6";
    let answer = server
        .send(
            server
                .client
                .post(server.url("/clients?name=panic"))
                .bearer_auth(TOKEN)
                .header("x-fapi-interaction-id", id),
        )
        .await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    assert_eq!(
        answer.errors(),
        ["the server failed to handle this request"]
    );
    assert_eq!(answer.interaction_id.as_deref(), Some(id));
    // The server still answers.
    assert_eq!(
        server.post_clients("?name=fine").await.status,
        StatusCode::CREATED
    );
}

/// Only `authenticate`: every operation keeps the trait's default body.
#[derive(Clone)]
struct Nothing;

impl Api for Nothing {
    type Claims = ();

    async fn authenticate(&self, _: Operation, _: Credentials) -> Result<(), Unauthenticated> {
        Ok(())
    }
}

/// An operation the implementation leaves out answers 501 with the API's error body naming it
/// and the interaction id; the server goes on answering.
#[tokio::test]
async fn an_operation_left_unimplemented_answers_501() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router(Nothing)).await.unwrap() });
    let client = reqwest::Client::new();
    let id = "f81d4fae-7dec-11d0-a765-00a0c91e6bf6";
    for (path, operation) in [
        ("/clients", "GET /clients"),
        ("/organisations/acme", "GET /organisations/{OrganisationId}"),
    ] {
        let response = client
            .get(format!("http://{addr}{path}"))
            .bearer_auth(TOKEN)
            .header("x-fapi-interaction-id", id)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_IMPLEMENTED);
        assert_eq!(
            response
                .headers()
                .get("x-fapi-interaction-id")
                .and_then(|v| v.to_str().ok()),
            Some(id)
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["errors"],
            json!([format!("{operation} is not implemented by this server")]),
            "{path}"
        );
    }
}
