//! `multipart/form-data` bodies (tests/fixtures/multipart.yaml): the server reads and checks
//! every part (requests written by hand here, independently of the generated client), the
//! client writes the model as parts and checks it before sending, the mock accepts uploads.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use fixture_multipart::client::{Client, ClientError};
use fixture_multipart::models::{
    AvatarUpload, Kind, Meta, PutAvatarParams, Stored, UploadBody, UploadBodyAddress,
    UploadDocumentsBody, UploadDocumentsFileHeaders, UploadDocumentsNoteHeaders,
    UploadDocumentsNoteHeadersXLang, UploadDocumentsPagesHeaders, UploadDocumentsPartHeaders,
};
use fixture_multipart::responses::{PutAvatarResponse, UploadDocumentsResponse, UploadResponse};
use fixture_multipart::server::{
    Api, PutAvatarRequest, ServerOptions, UploadDocumentsRequest, UploadRequest, router_with,
};
use openapi_runtime::File;
use tower::ServiceExt;

#[derive(Clone, Default)]
struct Recorder(
    Arc<Mutex<Vec<UploadBody>>>,
    Arc<Mutex<Vec<UploadDocumentsRequest>>>,
);

impl Api for Recorder {
    async fn upload(&self, request: UploadRequest) -> UploadResponse {
        let bytes = request.body.file.bytes.len() as i64;
        self.0.lock().unwrap().push(request.body);
        UploadResponse::Created {
            body: Stored::new(1, bytes),
        }
    }

    async fn put_avatar(&self, _request: PutAvatarRequest) -> PutAvatarResponse {
        PutAvatarResponse::NoContent
    }

    async fn upload_documents(&self, request: UploadDocumentsRequest) -> UploadDocumentsResponse {
        let files = 1 + request.body.pages.as_ref().map_or(0, Vec::len) as i32;
        self.1.lock().unwrap().push(request);
        UploadDocumentsResponse::Created {
            body: Stored::new(files, 0),
        }
    }
}

const BOUNDARY: &str = "XyZ123";

/// A part: name, optional file name, optional content type, content.
type Part<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [u8]);

fn multipart(parts: &[Part]) -> Vec<u8> {
    let parts: Vec<(Part, &[(&str, &str)])> = parts.iter().map(|p| (*p, &[][..])).collect();
    multipart_with_headers(&parts)
}

/// Parts with headers of their own.
fn multipart_with_headers(parts: &[(Part, &[(&str, &str)])]) -> Vec<u8> {
    let mut body = Vec::new();
    for ((name, file_name, content_type, content), headers) in parts {
        body.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"").bytes(),
        );
        if let Some(f) = file_name {
            body.extend(format!("; filename=\"{f}\"").bytes());
        }
        body.extend(b"\r\n");
        if let Some(ct) = content_type {
            body.extend(format!("Content-Type: {ct}\r\n").bytes());
        }
        for (header, value) in *headers {
            body.extend(format!("{header}: {value}\r\n").bytes());
        }
        body.extend(b"\r\n");
        body.extend(*content);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").bytes());
    body
}

/// Status and error messages of a request to the recorder's router.
async fn send(
    recorder: &Recorder,
    method: &str,
    uri: &str,
    body: Vec<u8>,
    limit: usize,
) -> (StatusCode, Vec<String>) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(body))
        .unwrap();
    let options = ServerOptions {
        max_body_bytes: limit,
    };
    let response = router_with(recorder.clone(), options)
        .oneshot(request)
        .await
        .unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    let errors = json["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default();
    (status, errors)
}

const LIMIT: usize = 1 << 20;

#[tokio::test]
async fn every_part_is_read_into_the_model() {
    let recorder = Recorder::default();
    let body = multipart(&[
        (
            "file",
            Some("scan.png"),
            Some("image/png"),
            b"\x89PNG\0\xff",
        ),
        ("description", None, None, "März".as_bytes()),
        ("tags", None, None, b"tax"),
        ("tags", None, None, b"home"),
        ("kind", None, None, b"receipt"),
        (
            "meta",
            None,
            Some("application/json"),
            br#"{"source": "scanner"}"#,
        ),
        ("attachments", Some("a.txt"), Some("text/plain"), b"one"),
        ("attachments", Some("b.bin"), None, b"two"),
    ]);
    let (status, errors) = send(&recorder, "POST", "/uploads", body, LIMIT).await;
    assert_eq!(status, StatusCode::CREATED, "{errors:?}");
    let got = recorder.0.lock().unwrap().pop().unwrap();
    assert_eq!(
        got.file,
        File::new(b"\x89PNG\0\xff".to_vec())
            .with_name("scan.png")
            .with_content_type("image/png")
    );
    assert_eq!(got.description, "März");
    assert_eq!(got.tags, Some(vec!["tax".to_owned(), "home".to_owned()]));
    assert_eq!(got.count, 1, "the spec's default");
    assert_eq!(got.kind, Some(Kind::Receipt));
    assert_eq!(got.meta, Some(Meta::new("scanner")));
    let attachments = got.attachments.unwrap();
    assert_eq!(attachments.len(), 2);
    assert_eq!(attachments[1].name.as_deref(), Some("b.bin"));
    assert_eq!(attachments[1].bytes, b"two");
}

#[tokio::test]
async fn every_violation_is_listed_in_one_400() {
    let recorder = Recorder::default();
    let body = multipart(&[
        ("file", Some("x.gif"), Some("image/gif"), b"GIF"),
        ("description", None, None, b"a description far too long"),
        ("tags", None, None, b"ok"),
        ("tags", None, None, b"NOT"),
        ("count", None, None, b"0"),
        ("kind", None, None, b"bill"),
        ("meta", None, Some("application/json"), br#"{"source": 7}"#),
        ("attachments", Some("1"), None, b"1"),
        ("attachments", Some("2"), None, b"2"),
        ("attachments", Some("3"), None, b"3"),
    ]);
    let (status, errors) = send(&recorder, "POST", "/uploads", body, LIMIT).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let expected = [
        "body/file: the part's media type \"image/gif\" is not \"image/png, image/jpeg\"",
        "body/description: must be at most 20 characters long",
        "body/tags/1: must match the pattern",
        "body/count: must be at least 1",
        "body/kind: must be one of",
        "body/meta/source: must be a string",
        "body/attachments: must have at most 2 items",
    ];
    for e in expected {
        assert!(
            errors.iter().any(|got| got.starts_with(e)),
            "missing {e:?} in {errors:#?}"
        );
    }
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    assert!(recorder.0.lock().unwrap().is_empty());
}

#[tokio::test]
async fn missing_required_parts_and_undeclared_parts_are_named() {
    let recorder = Recorder::default();
    let (status, errors) = send(
        &recorder,
        "POST",
        "/uploads",
        multipart(&[("tags", None, None, b"a")]),
        LIMIT,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("body/file: is required")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("body/description: is required")),
        "{errors:?}"
    );

    // AvatarUpload has additionalProperties: false.
    let body = multipart(&[
        ("image", Some("a.png"), None, b"img"),
        ("extra", None, None, b"x"),
    ]);
    let (status, errors) = send(&recorder, "PUT", "/avatars/3", body, LIMIT).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        errors.iter().any(|e| e.starts_with("body/extra: ")),
        "{errors:?}"
    );
    let body = multipart(&[("image", Some("a.png"), None, b"img")]);
    let (status, errors) = send(&recorder, "PUT", "/avatars/3", body, LIMIT).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{errors:?}");
}

#[tokio::test]
async fn malformed_bodies_and_oversized_ones_are_refused() {
    let recorder = Recorder::default();
    let (status, errors) = send(
        &recorder,
        "POST",
        "/uploads",
        b"no parts here".to_vec(),
        LIMIT,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{errors:?}");
    assert!(errors.iter().any(|e| e.starts_with("body: ")), "{errors:?}");
    let big = vec![b'x'; 4096];
    let body = multipart(&[
        ("file", Some("big"), Some("image/png"), &big),
        ("description", None, None, b"d"),
    ]);
    let (status, _) = send(&recorder, "POST", "/uploads", body, 1024).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn the_client_sends_parts_the_server_reads_back() {
    let recorder = Recorder::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router_with(recorder.clone(), ServerOptions::default());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let client = Client::new(format!("http://{addr}"));
    let body = UploadBody::new(
        File::new(b"\x00\x01binary".to_vec())
            .with_name("doc.png")
            .with_content_type("image/png"),
        "a doc",
    )
    .with_tags(vec!["x".to_owned(), "y".to_owned()])
    .with_meta(Meta::new("api"))
    .with_kind(Kind::Invoice)
    .with_attachments(vec![File::new(b"att".to_vec())]);
    let UploadResponse::Created { body: stored } = client.upload(&body).await.unwrap() else {
        panic!("not created");
    };
    assert_eq!(stored, Stored::new(1, 8));
    assert_eq!(recorder.0.lock().unwrap().pop().unwrap(), {
        let mut sent = body.clone();
        sent.attachments = Some(vec![
            File::new(b"att".to_vec())
                .with_name("attachments")
                .with_content_type("application/octet-stream"),
        ]);
        sent
    });
    // An optional body may be left out.
    let response = client
        .put_avatar(
            &PutAvatarParams::new(1),
            Some(&AvatarUpload::new(File::new(b"i".to_vec()))),
        )
        .await
        .unwrap();
    assert_eq!(response, PutAvatarResponse::NoContent);
}

#[tokio::test]
async fn the_client_checks_the_model_before_sending() {
    // Nothing listens there.
    let client = Client::new("http://127.0.0.1:9");
    let body = UploadBody::new(File::new(b"f".to_vec()), "").with_count(0);
    let Err(ClientError::InvalidRequest(errors)) = client.upload(&body).await else {
        panic!("an invalid body was sent");
    };
    let text = errors.to_string();
    assert!(
        text.contains("/description") && text.contains("/count"),
        "{text}"
    );
}

#[tokio::test]
async fn the_mock_accepts_uploads() {
    let server = fixture_multipart::mock::spawn().await.unwrap();
    let client = Client::new(server.url());
    let body = UploadBody::new(
        File::new(b"f".to_vec()).with_content_type("image/jpeg"),
        "d",
    );
    let response = client.upload(&body).await.unwrap();
    assert!(
        matches!(response, UploadResponse::Created { .. }),
        "{response:?}"
    );
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_file_is_a_part_with_a_file_name() {
    let recorder = Recorder::default();
    // Text where a file belongs: `{}` in a part without a filename.
    let body = multipart(&[
        ("file", None, Some("image/png"), b"{}"),
        ("description", None, None, b"d"),
        ("attachments", Some("a"), None, b"1"),
        ("attachments", None, None, b"2"),
    ]);
    let (status, errors) = send(&recorder, "POST", "/uploads", body, LIMIT).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        errors,
        [
            "body/file: must be a file (a part with a filename), found a text field",
            "body/attachments/1: must be a file (a part with a filename), found a text field"
        ]
    );
}

#[tokio::test]
async fn a_deep_object_member_is_read_from_bracketed_fields() {
    let recorder = Recorder::default();
    let body = multipart(&[
        ("file", Some("f.png"), Some("image/png"), b"f"),
        ("description", None, None, b"d"),
        ("address[city]", None, None, b"Paris"),
        ("address[zip]", None, None, b"75001"),
        ("address[lines]", None, None, b"1 rue A"),
        ("address[lines]", None, None, b"bis"),
    ]);
    let (status, errors) = send(&recorder, "POST", "/uploads", body, LIMIT).await;
    assert_eq!(status, StatusCode::CREATED, "{errors:?}");
    let got = recorder.0.lock().unwrap().pop().unwrap();
    let mut address = UploadBodyAddress::new("Paris").with_zip(75001);
    address.lines = Some(vec!["1 rue A".to_owned(), "bis".to_owned()]);
    assert_eq!(got.address, Some(address));

    let body = multipart(&[
        ("file", Some("f.png"), Some("image/png"), b"f"),
        ("description", None, None, b"d"),
        ("address[city]", None, None, b"Llanfairpwllgwyngyll"),
        ("address[zip]", None, None, b"seven"),
    ]);
    let (status, errors) = send(&recorder, "POST", "/uploads", body, LIMIT).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("body/address/city: must be at most 10")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.starts_with("body/address/zip: ")),
        "{errors:?}"
    );
}

#[tokio::test]
async fn the_client_writes_a_deep_object_member_as_fields() {
    let recorder = Recorder::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router_with(recorder.clone(), ServerOptions::default());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let client = Client::new(format!("http://{addr}"));
    let mut address = UploadBodyAddress::new("Lyon").with_zip(69001);
    address.lines = Some(vec!["a".to_owned(), "b".to_owned()]);
    let body = UploadBody::new(File::new(b"x".to_vec()).with_name("x.png"), "d")
        .with_address(address.clone());
    client.upload(&body).await.unwrap();
    assert_eq!(
        recorder.0.lock().unwrap().pop().unwrap().address,
        Some(address)
    );
}

/// OpenAPI says `style` does not apply to multipart bodies: the same member as one JSON part
/// is read too.
#[tokio::test]
async fn a_deep_object_member_may_also_come_as_one_json_part() {
    let recorder = Recorder::default();
    let body = multipart(&[
        ("file", Some("f.png"), Some("image/png"), b"f"),
        ("description", None, None, b"d"),
        (
            "address",
            None,
            Some("application/json"),
            br#"{"city": "Nice", "zip": 6000}"#,
        ),
    ]);
    let (status, errors) = send(&recorder, "POST", "/uploads", body, LIMIT).await;
    assert_eq!(status, StatusCode::CREATED, "{errors:?}");
    let got = recorder.0.lock().unwrap().pop().unwrap();
    assert_eq!(
        got.address,
        Some(UploadBodyAddress::new("Nice").with_zip(6000))
    );
}

const PDF: Option<&str> = Some("application/pdf");

#[tokio::test]
async fn the_headers_of_parts_are_read_and_checked() {
    let recorder = Recorder::default();
    let body = multipart_with_headers(&[
        (
            ("file", Some("a.pdf"), PDF, b"%PDF"),
            &[("X-Checksum", "0a1b2c3d"), ("x-page-count", "2")],
        ),
        (
            ("pages", Some("p1.png"), None, b"1"),
            &[("X-Page-Number", "1")],
        ),
        (
            ("pages", Some("p2.png"), None, b"2"),
            &[("X-Page-Number", "2")],
        ),
        (("note", None, None, b"hi"), &[("X-Lang", "fr")]),
    ]);
    let (status, errors) = send(&recorder, "POST", "/documents", body, LIMIT).await;
    assert_eq!(status, StatusCode::CREATED, "{errors:?}");
    let got = recorder.1.lock().unwrap().pop().unwrap();
    assert_eq!(
        got.part_headers,
        UploadDocumentsPartHeaders::new(
            UploadDocumentsFileHeaders::new("0a1b2c3d").with_x_page_count(2)
        )
        .with_pages(vec![
            UploadDocumentsPagesHeaders::new(1),
            UploadDocumentsPagesHeaders::new(2)
        ])
        .with_note(
            UploadDocumentsNoteHeaders::default().with_x_lang(UploadDocumentsNoteHeadersXLang::Fr)
        )
    );
    assert_eq!(got.body.note.as_deref(), Some("hi"));

    // Optional parts, and their headers, may be left out.
    let body = multipart_with_headers(&[(
        ("file", Some("a.pdf"), PDF, b"%PDF"),
        &[("X-Checksum", "0a1b2c3d")],
    )]);
    let (status, errors) = send(&recorder, "POST", "/documents", body, LIMIT).await;
    assert_eq!(status, StatusCode::CREATED, "{errors:?}");
    let got = recorder.1.lock().unwrap().pop().unwrap();
    assert_eq!(
        got.part_headers,
        UploadDocumentsPartHeaders::new(UploadDocumentsFileHeaders::new("0a1b2c3d"))
    );
}

#[tokio::test]
async fn every_bad_part_header_is_listed_in_one_400() {
    let recorder = Recorder::default();
    let body = multipart_with_headers(&[
        (
            ("file", Some("a.pdf"), PDF, b"%PDF"),
            &[("X-Page-Count", "0")],
        ),
        (
            ("pages", Some("p1.png"), None, b"1"),
            &[("X-Page-Number", "1")],
        ),
        (
            ("pages", Some("p2.png"), None, b"2"),
            &[("X-Page-Number", "two")],
        ),
        (("pages", Some("p3.png"), None, b"3"), &[]),
        (("note", None, None, b"hi"), &[("X-Lang", "de")]),
    ]);
    let (status, errors) = send(&recorder, "POST", "/documents", body, LIMIT).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let expected = [
        "body/file/headers/X-Checksum: is required",
        "body/file/headers/X-Page-Count: must be at least 1",
        "body/pages/1/headers/X-Page-Number: must be a 32-bit integer",
        "body/pages/2/headers/X-Page-Number: is required",
        "body/note/headers/X-Lang: must be one of",
    ];
    for e in expected {
        assert!(
            errors.iter().any(|got| got.starts_with(e)),
            "missing {e:?} in {errors:#?}"
        );
    }
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    assert!(recorder.1.lock().unwrap().is_empty());
}

#[tokio::test]
async fn the_client_sends_the_headers_of_parts() {
    let recorder = Recorder::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router_with(recorder.clone(), ServerOptions::default());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let client = Client::new(format!("http://{addr}"));
    let page = || File::new(b"p".to_vec()).with_name("p.png");
    let body = UploadDocumentsBody::new(File::new(b"%PDF".to_vec()).with_name("a.pdf"))
        .with_pages(vec![page(), page()])
        .with_note("n");
    let headers = UploadDocumentsPartHeaders::new(
        UploadDocumentsFileHeaders::new("0a1b2c3d").with_x_page_count(2),
    )
    .with_pages(vec![
        UploadDocumentsPagesHeaders::new(1),
        UploadDocumentsPagesHeaders::new(2),
    ])
    .with_note(
        UploadDocumentsNoteHeaders::default().with_x_lang(UploadDocumentsNoteHeadersXLang::En),
    );
    let response = client.upload_documents(&body, &headers).await.unwrap();
    assert!(
        matches!(response, UploadDocumentsResponse::Created { .. }),
        "{response:?}"
    );
    assert_eq!(
        recorder.1.lock().unwrap().pop().unwrap().part_headers,
        headers
    );

    // Checked before sending: a header a sent part requires, and each value's schema.
    let bad = UploadDocumentsPartHeaders::new(UploadDocumentsFileHeaders::new("XYZ"))
        .with_pages(vec![UploadDocumentsPagesHeaders::new(0)]);
    let Err(ClientError::InvalidRequest(errors)) = client.upload_documents(&body, &bad).await
    else {
        panic!("invalid part headers were sent");
    };
    let text = errors.to_string();
    for e in [
        "body/file/headers/X-Checksum: must match the pattern",
        "body/pages/0/headers/X-Page-Number: must be at least 1",
        "body/pages/1/headers/X-Page-Number: is required",
    ] {
        assert!(text.contains(e), "missing {e:?} in {text}");
    }
    assert!(recorder.1.lock().unwrap().is_empty());
}

#[tokio::test]
async fn the_mock_accepts_parts_with_headers() {
    let server = fixture_multipart::mock::spawn().await.unwrap();
    let client = Client::new(server.url());
    let body = UploadDocumentsBody::new(File::new(b"%PDF".to_vec()).with_name("a.pdf"));
    let headers = UploadDocumentsPartHeaders::new(UploadDocumentsFileHeaders::new("0a1b2c3d"));
    let response = client.upload_documents(&body, &headers).await.unwrap();
    assert!(
        matches!(response, UploadDocumentsResponse::Created { .. }),
        "{response:?}"
    );
    server.stop().await.unwrap();
}
