//! No input crashes generated code (property tests over HTTP-shaped input):
//! - arbitrary requests to the generated directory router (its mock) get an answer, never a 500
//!   (a panic would be caught and become one) and never a dropped connection; every 4xx carries
//!   the API's error body;
//! - arbitrary responses (status, header bytes, body bytes) to the generated client give a typed
//!   result or a `ClientError`, never a panic.
//!
//! `PROPTEST_CASES` raises the number of cases.

use std::io::{Read, Write};
use std::net::TcpListener;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use directory_api::client::{Client, ClientError};
use directory_api::mock::Mock;
use directory_api::models::{RefreshClientsParams, UpdateOrganisationParams};
use directory_api::server::router;
use proptest::prelude::*;
use serde_json::{Value, json};
use tower::ServiceExt;

/// Bytes that are mostly what the spec expects, with arbitrary bytes mixed in.
fn noisy_text() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..64),
        "[0-9a-zA-Z:,.+ -]{0,30}".prop_map(String::into_bytes),
        Just(b"2024-01-01T00:00:00Z".to_vec()),
        Just(
            "\u{80}\u{80}\u{80}\u{80}\u{10000}\u{10000}\u{10000}"
                .as_bytes()
                .to_vec()
        ),
        Just(b"Sun, 10 Sep 2017 19:43:31 UTC".to_vec()),
    ]
}

fn percent_encoded(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("%{b:02X}")).collect()
}

/// A JSON body near the organisation update's shape, with values replaced by noise.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let valid = json!({
        "AddressLine1": "10 Downing Street", "City": "London",
        "CompanyRegister": "Companies House", "Country": "GB", "CountryOfRegistration": "GB",
        "LegalEntityName": "Example Bank plc", "OrganisationName": "Example Bank",
        "Postcode": "SW1A 2AA", "RegistrationNumber": "00000001",
    });
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..256),
        (any::<usize>(), noisy_text()).prop_map(move |(which, noise)| {
            let mut body = valid.clone();
            let keys: Vec<String> = body.as_object().unwrap().keys().cloned().collect();
            let key = &keys[which % keys.len()];
            body[key] = Value::String(String::from_utf8_lossy(&noise).into_owned());
            serde_json::to_vec(&body).unwrap()
        }),
        (any::<usize>(), any::<i64>()).prop_map(|(depth, n)| {
            // Deep nesting.
            let depth = depth % 300;
            format!("{}{n}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes()
        }),
    ]
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_requests_never_crash_the_router(
        method in prop_oneof![Just(Method::POST), Just(Method::PUT), Just(Method::GET)],
        path in prop_oneof![
            Just("/clients".to_owned()),
            noisy_text().prop_map(|id| format!("/organisations/{}", percent_encoded(&id))),
            noisy_text().prop_map(|p| format!("/{}", percent_encoded(&p))),
        ],
        query in proptest::collection::vec(
            (prop_oneof![Just("page"), Just("size"), Just("startDate"), Just("endDate"), Just("status"), Just("name"), Just("role"), Just("x")], noisy_text()),
            0..4,
        ),
        headers in proptest::collection::vec(
            (prop_oneof![Just("x-fapi-auth-date"), Just("x-fapi-interaction-id"), Just("x-fapi-customer-ip-address"), Just("content-type"), Just("authorization")], noisy_text()),
            0..4,
        ),
        body in body(),
        bearer in any::<bool>(),
    ) {
        let query: Vec<String> = query
            .iter()
            .map(|(k, v)| format!("{k}={}", percent_encoded(v)))
            .collect();
        let mut request = Request::builder()
            .method(method)
            .uri(format!("{path}?{}", query.join("&")));
        if bearer {
            request = request.header("authorization", "Bearer token");
        }
        for (name, value) in &headers {
            if let Ok(value) = axum::http::HeaderValue::from_bytes(value) {
                request = request.header(*name, value);
            }
        }
        let request = request.body(Body::from(body)).unwrap();
        let response = runtime().block_on(router(Mock::default()).oneshot(request)).unwrap();
        let status = response.status();
        prop_assert_ne!(status, StatusCode::INTERNAL_SERVER_ERROR);
        prop_assert!(response.headers().contains_key("x-fapi-interaction-id"));
        if status.is_client_error() {
            let bytes = runtime()
                .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
                .unwrap();
            let body: Value = serde_json::from_slice(&bytes).unwrap();
            prop_assert!(body["errors"].as_array().is_some_and(|e| !e.is_empty()), "{body}");
        }
    }
}

/// Answers one connection with `response` (raw bytes), after reading the request.
fn answer_once(response: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            // The head, then whatever body came with it: enough for a small request.
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let _ = stream.write_all(&response);
        }
    });
    format!("http://{addr}")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_responses_never_crash_the_client(
        status in prop_oneof![Just(200u16), Just(201), Just(400), Just(404), Just(418), Just(500), 100u16..600],
        header in noisy_text(),
        body in prop_oneof![
            body(),
            Just(br#"{"errors":["a"]}"#.to_vec()),
            Just(br#"{"OrganisationId":"o","Status":"Active"}"#.to_vec()),
        ],
        update in any::<bool>(),
    ) {
        let mut response = format!("HTTP/1.1 {status} Whatever\r\ncontent-type: application/json\r\n").into_bytes();
        // The header's bytes as they come, if HTTP allows them in a header value at all.
        if !header.iter().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
            response.extend_from_slice(b"x-fapi-interaction-id: ");
            response.extend_from_slice(&header);
            response.extend_from_slice(b"\r\n");
        }
        response.extend_from_slice(format!("content-length: {}\r\nconnection: close\r\n\r\n", body.len()).as_bytes());
        response.extend_from_slice(&body);
        let client = Client::new(answer_once(response)).with_bearer_token("token");
        let outcome = runtime().block_on(async {
            if update {
                let body = serde_json::from_value(json!({
                    "AddressLine1": "10 Downing Street", "City": "London",
                    "CompanyRegister": "Companies House", "Country": "GB",
                    "CountryOfRegistration": "GB", "LegalEntityName": "Example Bank plc",
                    "OrganisationName": "Example Bank", "Postcode": "SW1A 2AA",
                    "RegistrationNumber": "00000001",
                })).unwrap();
                client
                    .update_organisation(&UpdateOrganisationParams::new("org-1"), &body)
                    .await
                    .map(|r| r.status())
            } else {
                client
                    .refresh_clients(&RefreshClientsParams::default())
                    .await
                    .map(|r| r.status())
            }
        });
        match outcome {
            Ok(_)
            | Err(ClientError::InvalidResponse { .. })
            | Err(ClientError::UnexpectedStatus(_))
            | Err(ClientError::Transport(_)) => {}
            Err(other) => prop_assert!(false, "unexpected error: {other}"),
        }
    }
}
