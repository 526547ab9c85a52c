//! Non-JSON media types: a typed form body (parsed by the schema, checked, and sent by the
//! client as form fields), JWT and PEM text, binary, and `application/json; charset=utf-8`.

use std::sync::{Arc, Mutex};

use fixture_media::client::Client;
use fixture_media::models::{PutBlobParams, Token, TokenRequest, TokenRequestGrantType};
use fixture_media::responses::{
    CreateTokenResponse, EventsResponse, IntrospectResponse, PutBlobResponse,
};
use fixture_media::server::{
    Api, CreateTokenRequest, EventsRequest, IntrospectRequest, PutBlobRequest, router,
};
use serde_json::json;

/// Records what the server's implementation received.
#[derive(Clone, Default)]
struct Recorder {
    forms: Arc<Mutex<Vec<TokenRequest>>>,
    blobs: Arc<Mutex<Vec<Option<Vec<u8>>>>>,
}

impl Api for Recorder {
    async fn create_token(&self, request: CreateTokenRequest) -> CreateTokenResponse {
        self.forms.lock().unwrap().push(request.body);
        CreateTokenResponse::Ok {
            body: Token {
                access_token: "t0k3n".into(),
            },
        }
    }

    async fn introspect(&self, request: IntrospectRequest) -> IntrospectResponse {
        IntrospectResponse::Ok {
            body: format!("-----BEGIN CERTIFICATE-----\n{}\n", request.body),
        }
    }

    async fn put_blob(&self, request: PutBlobRequest) -> PutBlobResponse {
        self.blobs.lock().unwrap().push(request.body);
        PutBlobResponse::NoContent
    }

    async fn events(&self, _request: EventsRequest) -> EventsResponse {
        EventsResponse::Default {
            status: 202,
            body: b"tick".to_vec(),
        }
    }
}

async fn serve(recorder: Recorder) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router(recorder)).await.unwrap() });
    format!("http://{addr}")
}

async fn post_form(base: &str, content_type: &str, form: &str) -> (u16, serde_json::Value) {
    let response = reqwest::Client::new()
        .post(format!("{base}/token"))
        .header("content-type", content_type)
        .body(form.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn form_bodies_are_parsed_by_their_schema_and_checked() {
    let recorder = Recorder::default();
    let base = &serve(recorder.clone()).await;
    let form = "grant_type=client_credentials&scope=accounts+payments&lifetime=3600\
                &audience=https%3A%2F%2Fa.example&audience=https%3A%2F%2Fb.example&renewable=true";
    let (status, body) = post_form(base, "application/x-www-form-urlencoded", form).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, json!({"access_token": "t0k3n"}));
    let received = recorder.forms.lock().unwrap().pop().unwrap();
    assert_eq!(
        received.grant_type,
        TokenRequestGrantType::ClientCredentials
    );
    assert_eq!(received.scope.as_deref(), Some("accounts payments"));
    assert_eq!(received.lifetime, Some(3600));
    assert_eq!(
        received.audience,
        Some(vec!["https://a.example".into(), "https://b.example".into()])
    );
    assert_eq!(received.renewable, Some(true));

    // Every problem at once: a value that is not a number, a constraint, an unknown enum
    // value, a repeated single field.
    let (status, body) = post_form(
        base,
        "application/x-www-form-urlencoded; charset=utf-8",
        "grant_type=password&lifetime=soon&scope=a&scope=b&renewable=maybe",
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"],
        json!([
            "body/scope: must be given only once",
            "body/grant_type: must be one of client_credentials, refresh_token (enum)",
            "body/lifetime: must be a 64-bit integer, found a string",
            "body/renewable: must be a boolean, found a string"
        ])
    );
    let (status, body) = post_form(base, "application/x-www-form-urlencoded", "lifetime=10").await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"],
        json!([
            "body/grant_type: is required",
            "body/lifetime: must be at least 60 (minimum)"
        ])
    );
    let (status, _) = post_form(base, "application/json", "{}").await;
    assert_eq!(status, 415);
    assert!(recorder.forms.lock().unwrap().is_empty());
}

#[tokio::test]
async fn the_client_sends_forms_text_and_bytes() {
    let recorder = Recorder::default();
    let client = Client::new(serve(recorder.clone()).await);
    let request = TokenRequest {
        grant_type: TokenRequestGrantType::RefreshToken,
        scope: Some("a&b=c".into()),
        lifetime: Some(60),
        audience: Some(vec!["https://x.example/".into(), "urn:y".into()]),
        renewable: None,
    };
    let response = client.create_token(&request).await.unwrap();
    assert_eq!(
        response,
        CreateTokenResponse::Ok {
            body: Token {
                access_token: "t0k3n".into()
            }
        }
    );
    assert_eq!(recorder.forms.lock().unwrap().pop(), Some(request.clone()));
    // Refused locally, nothing sent.
    let too_long = TokenRequest {
        scope: Some("x".repeat(21)),
        ..request
    };
    let refused = client.create_token(&too_long).await.unwrap_err();
    assert!(refused.to_string().contains("body/scope"), "{refused}");
    assert!(recorder.forms.lock().unwrap().is_empty());

    let IntrospectResponse::Ok { body } = client.introspect("eyJhbGciOi.x.y").await.unwrap();
    assert_eq!(body, "-----BEGIN CERTIFICATE-----\neyJhbGciOi.x.y\n");

    let bytes = [0u8, 159, 146, 150, 255];
    let response = client
        .put_blob(&PutBlobParams::new(7), Some(&bytes))
        .await
        .unwrap();
    assert_eq!(response, PutBlobResponse::NoContent);
    assert_eq!(
        recorder.blobs.lock().unwrap().pop(),
        Some(Some(bytes.to_vec()))
    );
}

/// `responses: {}` (Dropshot): the operation is generated with one untyped response, any status
/// with its body as bytes, which the server sends and the client reads.
#[tokio::test]
async fn an_operation_without_responses_answers_any_status_with_bytes() {
    let base = serve(Recorder::default()).await;
    let response = Client::new(&base).events().await.unwrap();
    assert_eq!(
        response,
        EventsResponse::Default {
            status: 202,
            body: b"tick".to_vec()
        }
    );
    let raw = reqwest::get(format!("{base}/events")).await.unwrap();
    assert_eq!(raw.status().as_u16(), 202);
    assert_eq!(raw.headers()["content-type"], "application/octet-stream");
    assert_eq!(raw.bytes().await.unwrap().as_ref(), b"tick");
}
