//! The generated crate as a downstream crate meets it: models built with their constructors
//! and setters, JSON read with every violation reported, the in-process mock, and the client
//! against it. Everything comes from `directory_api` (and its re-exports) alone.

use directory_api::client::{Client, ClientError};
use directory_api::models::{
    Organisation, OrganisationUpdateRequest, OrganisationUpdateRequestStatus, RefreshClientsParams,
    RefreshClientsStatus, UpdateOrganisationParams,
};
use directory_api::responses::{RefreshClientsResponse, UpdateOrganisationResponse};
use directory_api::{Model, Validate, mock, serde_json, tokio};

fn update() -> OrganisationUpdateRequest {
    OrganisationUpdateRequest::new(
        "10 Downing Street",
        "London",
        "Companies House",
        "GB",
        "GB",
        "Example Bank plc",
        "Example Bank",
        "SW1A 2AA",
        "00000001",
    )
    .with_address_line2("Westminster")
    .with_logo_uri("https://www.example.com/logo.png")
}

#[test]
fn constructors_take_the_required_members_and_setters_the_rest() {
    let body = update();
    assert_eq!(body.address_line1, "10 Downing Street");
    assert_eq!(body.address_line2.as_deref(), Some("Westminster"));
    // Optional members without a value are absent; those with a default have it.
    assert_eq!(body.registered_name, None);
    assert_eq!(body.status, OrganisationUpdateRequestStatus::Pending);
    assert_eq!(body.validate(), Ok(()));
    let json = serde_json::to_value(&body).unwrap();
    assert_eq!(json["AddressLine1"], "10 Downing Street");
    assert!(json.get("RegisteredName").is_none());

    // A struct with no required member is `Default`.
    let params = RefreshClientsParams::default()
        .with_page(2)
        .with_status(RefreshClientsStatus::Active);
    assert_eq!(params.page, Some(2));
    let params = UpdateOrganisationParams::new("org-1").with_x_fapi_interaction_id("id");
    assert_eq!(params.organisation_id, "org-1");
}

#[test]
fn from_json_reports_every_violation_with_its_location() {
    let text = r#"{
        "AddressLine1": "abc", "City": "London", "CompanyRegister": "Companies House",
        "CountryOfRegistration": "GB", "LegalEntityName": "Example Bank plc",
        "OrganisationName": "Example Bank", "Postcode": "SW1A 2AA", "RegistrationNumber": 1,
        "Status": "Bogus", "Flags": ["<"]
    }"#;
    let errors = OrganisationUpdateRequest::from_json(text).unwrap_err();
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    // serde would stop at the first problem; every one is here, located.
    for expected in [
        "/AddressLine1: must be at least 5 characters long (minLength), found 3",
        "/Country: is required",
        "/RegistrationNumber: must be a string, found 1",
        "/Status: must be one of Active, Pending, Withdrawn (enum)",
    ] {
        assert!(
            messages.iter().any(|m| m == expected),
            "{expected} in {messages:#?}"
        );
    }
    assert!(
        messages.iter().any(|m| m.starts_with("/Flags/0: ")),
        "{messages:#?}"
    );
    assert!(messages.len() >= 5, "{messages:#?}");

    // Valid JSON gives the model, defaults applied.
    let valid = serde_json::to_string(&update()).unwrap();
    let model = OrganisationUpdateRequest::from_json(&valid).unwrap();
    assert_eq!(model, update());
    // Not JSON at all: one error saying so.
    let errors = Organisation::from_json("{").unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(errors.to_string().starts_with(": invalid JSON"), "{errors}");
}

#[tokio::test(
    flavor = "multi_thread",
    worker_threads = 2,
    crate = "directory_api::tokio"
)]
async fn the_client_against_the_in_process_mock() {
    let mock = mock::spawn().await.unwrap();
    let client = Client::new(mock.url()).with_bearer_token("any-token");

    let response = client
        .refresh_clients(&RefreshClientsParams::default().with_page(1))
        .await
        .unwrap();
    assert!(matches!(response, RefreshClientsResponse::Created { .. }));

    let response = client
        .update_organisation(&UpdateOrganisationParams::new("org-1"), &update())
        .await
        .unwrap();
    let UpdateOrganisationResponse::Ok { body, .. } = response else {
        panic!("expected 200, got {response:?}");
    };
    assert_eq!(body.validate(), Ok(()));

    // The client checks before sending: nothing reaches the server.
    let mut bad = update();
    bad.address_line1 = "abc".into();
    match client
        .update_organisation(&UpdateOrganisationParams::new("org-1"), &bad)
        .await
    {
        Err(ClientError::InvalidRequest(errors)) => {
            assert_eq!(
                errors.to_string(),
                "body/AddressLine1: must be at least 5 characters long (minLength), found 3"
            );
        }
        other => panic!("expected a local validation error, got {other:?}"),
    }
    mock.stop().await.unwrap();
}
