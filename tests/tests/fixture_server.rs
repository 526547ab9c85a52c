//! The server of the constraints fixture, called in-process: parameter kinds the directory spec
//! does not have (integer path parameters, arrays in the query as repeated keys and as one
//! comma-separated value, booleans in headers, dates).

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use fixture_constraints::models::MeasureParams;
use fixture_constraints::responses::MeasureResponse;
use fixture_constraints::server::{Api, MeasureRequest, router};
use tower::ServiceExt;

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<MeasureParams>>>);

impl Api for Recorder {
    async fn measure(&self, request: MeasureRequest) -> MeasureResponse {
        self.0.lock().unwrap().push(request.params);
        MeasureResponse::NoContent
    }
}

/// Status and error list of `GET uri` (with optional headers).
async fn get(
    recorder: &Recorder,
    uri: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, Vec<String>) {
    let mut request = Request::get(uri);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let response = router(recorder.clone())
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let errors = if bytes.is_empty() {
        Vec::new()
    } else {
        let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_str().unwrap().to_owned())
            .collect()
    };
    (status, errors)
}

#[tokio::test]
async fn arrays_booleans_dates_and_integer_paths() {
    let recorder = Recorder::default();
    let (status, errors) = get(
        &recorder,
        "/measure/7?ids=1&ids=2&tags=ab,cd&labels=x&labels=y%20z&limit=5&day=2024-02-29&since=2024-01-01T10:00:00%2B02:00",
        &[("x-flag", "true")],
    )
    .await;
    assert_eq!((status, errors), (StatusCode::NO_CONTENT, Vec::new()));
    let params = recorder.0.lock().unwrap().pop().unwrap();
    assert_eq!(params.id, 7);
    assert_eq!(params.ids, Some(vec![1, 2]));
    assert_eq!(params.tags, Some(vec!["ab".to_owned(), "cd".to_owned()]));
    assert_eq!(params.labels, Some(vec!["x".to_owned(), "y z".to_owned()]));
    assert_eq!(params.x_flag, Some(true));
    assert_eq!(params.day.unwrap().to_string(), "2024-02-29");
    assert_eq!(
        params.since.unwrap().to_rfc3339(),
        "2024-01-01T10:00:00+02:00"
    );

    let (status, errors) = get(
        &recorder,
        "/measure/0?ids=1&ids=x&ids=0&ids=4&tags=ab,C1&limit=0&day=2023-02-29",
        &[("x-flag", "yes")],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        errors,
        [
            "path/id: must be at least 1 (minimum)",
            "query/limit: must be at least 1 (minimum)",
            "query/day: must be a valid date (RFC 3339 full-date)",
            "query/ids/1: must be a 64-bit integer, found \"x\"",
            "query/ids/2: must be at least 1 (minimum)",
            "query/ids: must have at most 3 items (maxItems), found 4",
            "query/tags/1: must match the pattern ^[a-z]+$",
            "header/x-flag: must be true or false, found \"yes\"",
        ]
    );
    let (_, errors) = get(
        &recorder,
        "/measure/1?ids=0&ids=1&ids=2&ids=3&tags=a,b,c1",
        &[],
    )
    .await;
    assert_eq!(
        errors,
        [
            "query/ids/0: must be at least 1 (minimum)",
            "query/ids: must have at most 3 items (maxItems), found 4",
            "query/tags/2: must match the pattern ^[a-z]+$",
        ]
    );
    let (status, errors) = get(&recorder, "/measure/abc", &[]).await;
    assert_eq!(
        (status, errors),
        (
            StatusCode::BAD_REQUEST,
            vec![r#"path/id: must be a 64-bit integer, found "abc""#.to_owned()]
        )
    );
}

/// What the client sends is what the server reads: every kind of parameter (an integer path
/// segment, repeated and comma-separated query arrays, text that needs encoding, a date-time
/// with an offset, a boolean header) goes through both parameter tables and comes out equal.
#[tokio::test]
async fn the_client_and_the_server_agree_on_every_parameter() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let recorder = Recorder::default();
    let app = router(recorder.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let client = fixture_constraints::client::Client::new(format!("http://{addr}"));

    let mut params = MeasureParams::new(42);
    params.limit = Some(100);
    params.since = Some("2024-01-01T10:00:00.5+02:00".parse().unwrap());
    params.day = Some("2024-02-29".parse().unwrap());
    params.ids = Some(vec![3, 1, 2]);
    params.tags = Some(vec!["ab".into(), "cd".into()]);
    params.labels = Some(vec!["y z".into(), "&=?,".into(), String::new()]);
    params.x_flag = Some(false);
    let response = client.measure(&params).await.unwrap();
    assert_eq!(response, MeasureResponse::NoContent);
    assert_eq!(recorder.0.lock().unwrap().pop(), Some(params));

    // Absent optional parameters stay absent.
    let params = MeasureParams::new(1);
    client.measure(&params).await.unwrap();
    assert_eq!(recorder.0.lock().unwrap().pop(), Some(params));
}

/// The router's own errors follow the spec's error body (the nested fixture has Open Finance
/// Brasil's `{"errors": [{"code", "title", "detail"}]}`, at most 2 items): every 400 body
/// validates against that schema, with one item per problem, the status's reason in `title`
/// and `code`, and the problems beyond `maxItems` joined into the last item.
#[tokio::test]
async fn the_routers_errors_follow_the_specs_error_body() {
    use fixture_nested::server::router;
    let post = |body: serde_json::Value| async move {
        let request = Request::post("/orders")
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let response = router(fixture_nested::mock::Mock)
            .oneshot(request)
            .await
            .unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        (
            status,
            serde_json::from_slice::<serde_json::Value>(&bytes).unwrap(),
        )
    };
    let valid = |body: &serde_json::Value| {
        let mut errors = openapi_runtime::ValidationErrors::default();
        openapi_runtime::schema::check(
            body,
            &fixture_nested::schemas::RESPONSE_ERROR,
            &openapi_runtime::Location::root(""),
            &mut errors,
        );
        errors.iter().map(ToString::to_string).collect::<Vec<_>>()
    };

    let (status, body) = post(serde_json::json!({"customer": {"name": ""}, "lines": []})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(valid(&body), Vec::<String>::new(), "{body}");
    assert_eq!(
        body,
        serde_json::json!({"errors": [
            {"code": "BAD_REQUEST", "title": "Bad Request",
             "detail": "body/customer/name: must be at least 1 character long (minLength), found 0"},
            {"code": "BAD_REQUEST", "title": "Bad Request",
             "detail": "body/lines: must have at least 1 item (minItems), found 0"},
        ]})
    );

    // Three problems, two items: the last item lists the rest.
    let (status, body) =
        post(serde_json::json!({"customer": {"name": ""}, "lines": [], "metadata": {"k": "long"}}))
            .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(valid(&body), Vec::<String>::new(), "{body}");
    let details: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["detail"].as_str().unwrap())
        .collect();
    assert_eq!(details.len(), 2);
    assert!(details[1].contains("; "), "{details:?}");

    // Errors the router raises before validation take the same shape.
    let request = Request::post("/orders")
        .header("content-type", "text/plain")
        .body(Body::from("x"))
        .unwrap();
    let response = router(fixture_nested::mock::Mock)
        .oneshot(request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(valid(&body), Vec::<String>::new(), "{body}");
    assert_eq!(body["errors"][0]["code"], "UNSUPPORTED_MEDIA_TYPE");
    assert_eq!(body["errors"][0]["title"], "Unsupported Media Type");
}
