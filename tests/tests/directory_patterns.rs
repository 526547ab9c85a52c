//! The directory's patterns with HTML-unsafe characters (`<`, `>`, `"`, `\`) are upstream's,
//! byte for byte: in `spec/directory.yaml` (as written and as parsed), in the generated crate,
//! and in what the generated server does with a value the pattern rejects (400, naming the
//! pattern) and with one it accepts.

use directory_api::patterns;
use directory_api::server::router;
use reqwest::StatusCode;
use serde_json::{Value, json};

const SPEC: &str = include_str!("../../spec/directory.yaml");

/// Copied from the upstream file (`raidiam-directory.yaml` 1.6.0) and from the seed pages.
const EMAIL: &str = r#"^(([^<>()\[\]\\.,;:\s@"]+(\.[^<>()\[\]\\.,;:\s@"]+)*)|(".+"))@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\])|(([a-zA-Z\-0-9]+\.)+[a-zA-Z]{2,}))$"#;
const NO_MARKUP: &str = "^[^<>]*$";
const SVG_URI: &str = r"^(http:\/\/|https:\/\/).*\.(svg)$";
const LOGO_URI: &str = r"^(http://|https://).*.(svg|png|jpg|jpeg)$|(data:image/[a-zA-Z0-9;+=-]+,[A-Za-z0-9+/]*={0,2})$";

/// (JSON pointer in the spec, the pattern upstream or the seed gives there)
const PLACES: [(&str, &str); 7] = [
    (
        "/components/schemas/ContactRequest/properties/EmailAddress/pattern",
        EMAIL,
    ),
    (
        "/components/schemas/UserCreateRequest/properties/UserEmail/pattern",
        EMAIL,
    ),
    (
        "/components/schemas/OrgAdminUserCreateRequest/properties/UserEmail/pattern",
        EMAIL,
    ),
    (
        "/components/parameters/OrganisationId/schema/pattern",
        NO_MARKUP,
    ),
    (
        "/components/schemas/OrganisationUpdateRequest/properties/City/pattern",
        NO_MARKUP,
    ),
    (
        "/components/schemas/AuthorisationServerRequest/properties/CustomerFriendlyLogoUri/pattern",
        SVG_URI,
    ),
    (
        "/components/schemas/OrganisationUpdateRequest/properties/LogoUri/pattern",
        LOGO_URI,
    ),
];

#[test]
fn the_spec_keeps_the_patterns_byte_for_byte() {
    let spec = generator::load::parse(SPEC, "directory.yaml").unwrap();
    let spec = serde_json::to_value(&spec.doc).unwrap();
    for (pointer, pattern) in PLACES {
        assert_eq!(spec.pointer(pointer), Some(&json!(pattern)), "{pointer}");
        // Written as upstream writes it: a plain YAML scalar, no quoting or escaping.
        assert!(
            SPEC.contains(&format!("pattern: {pattern}\n")),
            "{pointer}: not written as upstream"
        );
    }
}

#[test]
fn the_generated_crate_holds_the_same_text() {
    let ecma: Vec<&str> = [
        &patterns::PATTERN_5,
        &patterns::PATTERN_7,
        &patterns::PATTERN_8,
        &patterns::PATTERN_9,
    ]
    .iter()
    .map(|p| p.ecma())
    .collect();
    assert_eq!(ecma, [EMAIL, SVG_URI, NO_MARKUP, LOGO_URI]);
    let email = &patterns::PATTERN_5;
    for good in [
        "jane@bank.example",
        "\"jane doe\"@bank.example",
        "j@[10.0.0.1]",
    ] {
        assert!(email.is_match(good), "{good}");
    }
    for bad in [
        "ja<ne@bank.example",
        "jane@bank",
        "jane\"@bank.example",
        "jane@bank.example>",
    ] {
        assert!(!email.is_match(bad), "{bad}");
    }
}

/// A value each pattern rejects gets a 400 that names the pattern as written; the same request
/// with a value it accepts gets the operation's success.
#[tokio::test]
async fn a_value_the_pattern_rejects_gets_a_400() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(directory_api::mock::Mock::default());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = reqwest::Client::new();
    let send = |method: reqwest::Method, path: String, body: Value| {
        let request = client
            .request(method, format!("http://{addr}{path}"))
            .bearer_auth("any")
            .json(&body);
        async move {
            let response = request.send().await.unwrap();
            let status = response.status();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            (status, body)
        }
    };
    let contact = |email: &str| json!({"ContactType": "Business", "EmailAddress": email});
    let server = |uri: &str| {
        json!({"AutoRegistrationSupported": false, "CustomerFriendlyName": "Bank",
               "CustomerFriendlyDescription": "Bank", "CustomerFriendlyLogoUri": uri})
    };
    let update = |city: &str, logo: &str| {
        json!({"AddressLine1": "10 Downing Street", "City": city, "CompanyRegister": "CH",
               "Country": "GB", "CountryOfRegistration": "GB", "LegalEntityName": "Bank plc",
               "OrganisationName": "Bank", "Postcode": "SW1A 2AA", "RegistrationNumber": "1",
               "LogoUri": logo})
    };
    let post = reqwest::Method::POST;
    let put = reqwest::Method::PUT;
    let cases = [
        // (request, with a value the pattern accepts, and one it rejects, the error)
        (
            (post.clone(), "/organisations/org-1/contacts".to_owned()),
            contact("jane@bank.example"),
            contact("\"jane\"<jane@bank.example>"),
            format!("body/EmailAddress: must match the pattern {EMAIL}"),
        ),
        (
            (post.clone(), "/users".to_owned()),
            json!({"UserEmail": "\"jane doe\"@bank.example", "FirstName": "J", "LastName": "D",
                   "TermsAndConditionsId": 1}),
            json!({"UserEmail": "jane@bank&co.example", "FirstName": "J", "LastName": "D",
                   "TermsAndConditionsId": 1}),
            format!("body/UserEmail: must match the pattern {EMAIL}"),
        ),
        (
            (
                post.clone(),
                "/organisations/org-1/authorisationservers".to_owned(),
            ),
            server("https://bank.example/logo.svg"),
            server("https://bank.example/logo.svg?<x>"),
            format!("body/CustomerFriendlyLogoUri: must match the pattern {SVG_URI}"),
        ),
        (
            (put.clone(), "/organisations/org-1".to_owned()),
            update("Saint-Denis & Co", "https://bank.example/logo.png"),
            update("<b>London</b>", "https://bank.example/logo.png"),
            format!("body/City: must match the pattern {NO_MARKUP}"),
        ),
        (
            (put.clone(), "/organisations/org-1".to_owned()),
            update("London", "data:image/svg+xml;base64,PHN2Zz4=="),
            update("London", "data:image/png;base64,iVBOR!"),
            format!("body/LogoUri: must match the pattern {LOGO_URI}"),
        ),
    ];
    for ((method, path), good, bad, error) in cases {
        let (status, body) = send(method.clone(), path.clone(), good).await;
        assert!(status.is_success(), "{path}: {status} {body}");
        let (status, body) = send(method, path.clone(), bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(body["errors"], json!([error]), "{path}");
    }
    // In a path segment too, percent-encoded.
    let (status, body) = send(
        post,
        "/organisations/%22org%22%3Cb%3E/contacts".into(),
        contact("jane@bank.example"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["errors"],
        json!([format!(
            "path/OrganisationId: must match the pattern {NO_MARKUP}"
        )])
    );
}
