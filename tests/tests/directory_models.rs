//! Behaviour of the generated directory models and validators, case by case from the seeds
//! (`PUT /organisations/{OrganisationId}` body and parameters, `POST /clients` parameters).

use directory_api::Validate;
use directory_api::models::{
    Organisation, OrganisationFlagType, OrganisationUpdateRequest, OrganisationUpdateRequestStatus,
    RefreshClientsParams, RefreshClientsStatus, ResponseError, UpdateOrganisationParams,
};
use serde_json::{Value, json};

/// A body that satisfies every constraint (the seed's example, with a `LogoUri` that matches
/// the seed's own pattern).
fn valid_body() -> Value {
    json!({
        "AddressLine1": "10 Downing Street",
        "AddressLine2": "Westminster",
        "City": "London",
        "CompanyRegister": "Companies House",
        "Country": "GB",
        "CountryOfRegistration": "GB",
        "Flags": ["f81d4fae-7dec-11d0-a765-00a0c91e6bf6"],
        "LegalEntityName": "Example Bank plc",
        "LogoUri": "https://www.example.com/assets/logo.png",
        "OrganisationName": "Example Bank",
        "ParentOrganisationReference": "parent-1",
        "Postcode": "SW1A 2AA",
        "RegisteredName": "Example Bank plc",
        "RegistrationId": "5493001KJTIIGC8Y1R12",
        "RegistrationNumber": "00000001",
        "RequiresParticipantTermsAndConditionsSigning": false,
        "Size": "Large",
        "Status": "Active"
    })
}

fn body_with(field: &str, value: Value) -> OrganisationUpdateRequest {
    let mut body = valid_body();
    body[field] = value;
    serde_json::from_value(body).expect("the body has the right shape")
}

/// The `location: message` lines of the violations, or an empty list.
fn violations(value: &impl Validate) -> Vec<String> {
    match value.validate() {
        Ok(()) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

fn assert_valid(value: &impl Validate) {
    assert_eq!(violations(value), Vec::<String>::new());
}

#[test]
fn the_valid_body_is_valid() {
    let body: OrganisationUpdateRequest = serde_json::from_value(valid_body()).unwrap();
    assert_valid(&body);
}

#[test]
fn defaults_apply_when_fields_are_missing_and_serialise_back() {
    let mut json = valid_body();
    let object = json.as_object_mut().unwrap();
    object.remove("Status");
    object.remove("RequiresParticipantTermsAndConditionsSigning");
    let body: OrganisationUpdateRequest = serde_json::from_value(json).unwrap();
    assert_eq!(body.status, OrganisationUpdateRequestStatus::Pending);
    assert!(body.requires_participant_terms_and_conditions_signing);
    let back = serde_json::to_value(&body).unwrap();
    assert_eq!(back["Status"], "Pending");
    assert_eq!(back["RequiresParticipantTermsAndConditionsSigning"], true);
}

#[test]
fn optional_fields_that_are_absent_stay_absent() {
    let mut json = valid_body();
    json.as_object_mut().unwrap().remove("AddressLine2");
    let body: OrganisationUpdateRequest = serde_json::from_value(json).unwrap();
    assert_eq!(body.address_line2, None);
    let back = serde_json::to_value(&body).unwrap();
    assert!(back.get("AddressLine2").is_none());
}

#[test]
fn required_fields_must_be_present() {
    for field in [
        "AddressLine1",
        "City",
        "CompanyRegister",
        "Country",
        "CountryOfRegistration",
        "LegalEntityName",
        "OrganisationName",
        "Postcode",
        "RegistrationNumber",
    ] {
        let mut json = valid_body();
        json.as_object_mut().unwrap().remove(field);
        let err = serde_json::from_value::<OrganisationUpdateRequest>(json).unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("missing field `{field}`")),
            "{field}: {err}"
        );
    }
}

#[test]
fn status_is_an_enum() {
    let mut json = valid_body();
    json["Status"] = json!("Deleted");
    let err = serde_json::from_value::<OrganisationUpdateRequest>(json).unwrap_err();
    assert!(
        err.to_string().contains("unknown variant `Deleted`"),
        "{err}"
    );
    for (text, status) in [
        ("Active", OrganisationUpdateRequestStatus::Active),
        ("Pending", OrganisationUpdateRequestStatus::Pending),
        ("Withdrawn", OrganisationUpdateRequestStatus::Withdrawn),
    ] {
        assert_eq!(body_with("Status", json!(text)).status, status);
        assert_eq!(status.to_string(), text);
        assert_eq!(
            text.parse::<OrganisationUpdateRequestStatus>().unwrap(),
            status
        );
    }
    assert!("active".parse::<OrganisationUpdateRequestStatus>().is_err());
}

#[test]
fn min_and_max_length_of_each_field() {
    // (field, minLength, maxLength) from the seed.
    let cases = [
        ("AddressLine1", Some(5), 255),
        ("AddressLine2", None, 255),
        ("City", Some(2), 255),
        ("CompanyRegister", Some(1), 255),
        ("Country", Some(2), 255),
        ("CountryOfRegistration", Some(2), 255),
        ("LegalEntityName", Some(1), 255),
        ("OrganisationName", Some(1), 255),
        ("ParentOrganisationReference", None, 65535),
        ("Postcode", Some(3), 40),
        ("RegisteredName", None, 255),
        ("RegistrationId", None, 40),
        ("RegistrationNumber", Some(1), 255),
        ("Size", None, 255),
    ];
    for (field, min, max) in cases {
        assert_valid(&body_with(field, json!("a".repeat(max))));
        assert_eq!(
            violations(&body_with(field, json!("a".repeat(max + 1)))),
            [format!(
                "/{field}: must be at most {max} characters long (maxLength), found {}",
                max + 1
            )],
            "{field}"
        );
        if let Some(min) = min {
            assert_valid(&body_with(field, json!("a".repeat(min))));
            let unit = if min == 1 { "character" } else { "characters" };
            assert_eq!(
                violations(&body_with(field, json!("a".repeat(min - 1)))),
                [format!(
                    "/{field}: must be at least {min} {unit} long (minLength), found {}",
                    min - 1
                )],
                "{field}"
            );
        }
    }
}

#[test]
fn lengths_count_code_points_not_bytes() {
    // 255 × "é" is 510 bytes but 255 code points: within maxLength 255.
    assert_valid(&body_with("AddressLine1", json!("é".repeat(255))));
    assert_eq!(
        violations(&body_with("AddressLine1", json!("é".repeat(256)))),
        ["/AddressLine1: must be at most 255 characters long (maxLength), found 256"]
    );
    // 5 emoji are 20 bytes but 5 code points: meets minLength 5.
    assert_valid(&body_with("AddressLine1", json!("😀".repeat(5))));
    assert_eq!(
        violations(&body_with("AddressLine1", json!("😀".repeat(4)))),
        ["/AddressLine1: must be at least 5 characters long (minLength), found 4"]
    );
}

#[test]
fn angle_bracket_pattern_on_every_field_that_has_it() {
    let with_pattern = [
        "AddressLine1",
        "AddressLine2",
        "City",
        "CompanyRegister",
        "CountryOfRegistration",
        "LegalEntityName",
        "OrganisationName",
        "Postcode",
        "RegisteredName",
        "RegistrationId",
        "RegistrationNumber",
        "Size",
    ];
    for field in with_pattern {
        assert_valid(&body_with(field, json!("10 Downing Street")));
        assert_eq!(
            violations(&body_with(field, json!("abcde<"))),
            [format!("/{field}: must match the pattern ^[^<>]*$")],
            "{field}"
        );
        assert_eq!(
            violations(&body_with(field, json!("ab>cde"))).len(),
            1,
            "{field}"
        );
    }
    // Country and ParentOrganisationReference have no pattern in the seed.
    assert_valid(&body_with("Country", json!("<GB>")));
    assert_valid(&body_with("ParentOrganisationReference", json!("<parent>")));
}

#[test]
fn flags_items_are_checked_one_by_one() {
    let forty = "f".repeat(40);
    assert_valid(&body_with("Flags", json!([forty, "b", ""])));
    assert_eq!(
        violations(&body_with(
            "Flags",
            json!(["ok", "fine", "f".repeat(41), "<x>"])
        )),
        [
            "/Flags/2: must be at most 40 characters long (maxLength), found 41",
            "/Flags/3: must match the pattern ^[^<>]*$",
        ]
    );
}

#[test]
fn logo_uri_pattern_has_ecma_semantics() {
    for ok in [
        "https://www.example.com/assets/logo.png",
        "http://example.org/a.svg",
        "https://example.com/logo.jpeg",
        "data:image/png;base64,iVBORw0KGgo=",
    ] {
        assert_valid(&body_with("LogoUri", json!(ok)));
    }
    // The second alternative is not anchored at the start: ECMA `test` finds it anywhere, so
    // only `format: uri` refuses this one.
    assert_eq!(
        violations(&body_with("LogoUri", json!("see data:image/gif,R0lGOD"))),
        ["/LogoUri: must be a valid URI (RFC 3986)"]
    );
    for bad in [
        // The seed's own example does not match the seed's pattern.
        "https://example.com",
        "ftp://example.com/logo.png",
        "https://example.com/logo.gif",
        "data:image/png;base64,abc===",
    ] {
        assert_eq!(
            violations(&body_with("LogoUri", json!(bad))),
            [concat!(
                "/LogoUri: must match the pattern ",
                r"^(http://|https://).*.(svg|png|jpg|jpeg)$|(data:image/[a-zA-Z0-9;+=-]+,[A-Za-z0-9+/]*={0,2})$"
            )],
            "{bad:?}"
        );
    }
}

#[test]
fn logo_uri_dot_does_not_match_a_line_terminator() {
    // `.` does not match a line terminator in ECMA-262 (and a URI has no line terminator).
    assert_eq!(
        violations(&body_with("LogoUri", json!("https://example.com/\n.png"))),
        [
            concat!(
                "/LogoUri: must match the pattern ",
                r"^(http://|https://).*.(svg|png|jpg|jpeg)$|(data:image/[a-zA-Z0-9;+=-]+,[A-Za-z0-9+/]*={0,2})$"
            ),
            "/LogoUri: must be a valid URI (RFC 3986)"
        ]
    );
}

#[test]
fn every_violation_is_reported_at_once_in_field_order() {
    let mut json = valid_body();
    json["AddressLine1"] = json!("abc");
    json["City"] = json!("<");
    json["Flags"] = json!(["<", "ok", "x".repeat(41)]);
    json["LogoUri"] = json!("https://example.com");
    json["Postcode"] = json!("a".repeat(41));
    let body: OrganisationUpdateRequest = serde_json::from_value(json).unwrap();
    let errors = body.validate().unwrap_err();
    let expected = [
        "/AddressLine1: must be at least 5 characters long (minLength), found 3",
        "/City: must be at least 2 characters long (minLength), found 1",
        "/City: must match the pattern ^[^<>]*$",
        "/Flags/0: must match the pattern ^[^<>]*$",
        "/Flags/2: must be at most 40 characters long (maxLength), found 41",
        r"/LogoUri: must match the pattern ^(http://|https://).*.(svg|png|jpg|jpeg)$|(data:image/[a-zA-Z0-9;+=-]+,[A-Za-z0-9+/]*={0,2})$",
        "/Postcode: must be at most 40 characters long (maxLength), found 41",
    ];
    assert_eq!(errors.len(), expected.len());
    assert_eq!(errors.to_string(), expected.join("\n"));
    let first = errors.iter().next().unwrap();
    assert_eq!(first.location, "/AddressLine1");
    assert!(matches!(
        first.rule,
        directory_api::Rule::MinLength { min: 5, actual: 3 }
    ));
}

#[test]
fn fapi_auth_date_header_pattern() {
    let params = |date: &str| RefreshClientsParams {
        x_fapi_auth_date: Some(date.into()),
        ..Default::default()
    };
    assert_valid(&params("Sun, 10 Sep 2017 19:43:31 UTC"));
    assert_valid(&params("Mon, 01 Jan 2024 00:00:00 GMT"));
    let pattern = r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|UTC)$";
    for bad in [
        // `\d` is [0-9] only in ECMA-262: Arabic-Indic digits do not match.
        "Sun, ١٠ Sep 2017 19:43:31 UTC",
        "Sun, 10 Sep 2017 19:43:31 CET",
        "Sunday, 10 Sep 2017 19:43:31 UTC",
        "Sun, 10 Sep 2017 19:43:31 UTC\n",
        "0",
    ] {
        assert_eq!(
            violations(&params(bad)),
            [format!(
                "header/x-fapi-auth-date: must match the pattern {pattern}"
            )],
            "{bad:?}"
        );
    }
    // The same header of the other operation has the same rule.
    let update = UpdateOrganisationParams {
        organisation_id: "org-1".into(),
        x_fapi_auth_date: Some("Sun, ١٠ Sep 2017 19:43:31 UTC".into()),
        x_fapi_customer_ip_address: None,
        x_fapi_interaction_id: None,
        x_customer_user_agent: None,
    };
    assert_eq!(violations(&update).len(), 1);
}

#[test]
fn organisation_id_path_parameter() {
    let params = |id: &str| UpdateOrganisationParams {
        organisation_id: id.into(),
        x_fapi_auth_date: None,
        x_fapi_customer_ip_address: None,
        x_fapi_interaction_id: None,
        x_customer_user_agent: None,
    };
    assert_valid(&params("a"));
    assert_valid(&params(&"é".repeat(40)));
    assert_eq!(
        violations(&params("")),
        ["path/OrganisationId: must be at least 1 character long (minLength), found 0"]
    );
    assert_eq!(
        violations(&params(&"a".repeat(41))),
        ["path/OrganisationId: must be at most 40 characters long (maxLength), found 41"]
    );
    assert_eq!(
        violations(&params("<script>")),
        ["path/OrganisationId: must match the pattern ^[^<>]*$"]
    );
}

#[test]
fn clients_query_parameters_are_typed() {
    let params = RefreshClientsParams {
        page: Some(2),
        size: Some(50),
        start_date: Some("2024-01-01T00:00:00Z".parse().unwrap()),
        end_date: Some("2024-02-01T12:30:00+01:00".parse().unwrap()),
        status: Some("Suspended".parse().unwrap()),
        role: Some("DATA".into()),
        name: Some("abc".into()),
        ..Default::default()
    };
    assert_valid(&params);
    assert_eq!(params.status, Some(RefreshClientsStatus::Suspended));
    assert_eq!(
        RefreshClientsStatus::ALL.map(|s| s.as_str()),
        ["Active", "Inactive", "Suspended"]
    );
    let err = "Deleted".parse::<RefreshClientsStatus>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "\"Deleted\" is not one of Active, Inactive, Suspended"
    );
}

#[test]
fn the_200_response_body_has_flags_as_objects() {
    // The seed's 200 response example.
    let body: Organisation = serde_json::from_value(json!({
        "AddressLine1": "string", "AddressLine2": "string", "City": "string",
        "CompanyRegister": "string", "Country": "string", "CountryOfRegistration": "string",
        "CreatedOn": "string",
        "Flags": [{"AccessLevel": 42, "Description": "string", "Name": "string",
                   "Status": "Active", "Type": "Organisation", "Value": "string"}],
        "LegalEntityName": "string", "LogoUri": "https://example.com", "OrganisationId": "string",
        "OrganisationName": "string", "ParentOrganisationReference": "string",
        "Postcode": "string", "RegisteredName": "string", "RegistrationId": "string",
        "RegistrationNumber": "string", "RequiresParticipantTermsAndConditionsSigning": true,
        "Size": "string", "Status": "Active"
    }))
    .unwrap();
    let flags = body.flags.as_ref().unwrap();
    assert_eq!(flags[0].access_level, Some(42));
    assert_eq!(flags[0].r#type, Some(OrganisationFlagType::Organisation));
    assert_eq!(
        body.requires_participant_terms_and_conditions_signing,
        Some(true)
    );
}

#[test]
fn the_error_body() {
    let body: ResponseError = serde_json::from_str(r#"{"errors": ["a", "b"]}"#).unwrap();
    assert_eq!(body.errors, ["a", "b"]);
    assert_valid(&body);
    assert!(serde_json::from_str::<ResponseError>("{}").is_err());
}

/// Models of the upstream operations where `spec/CHANGES.md` records a decision.
mod upstream {
    use directory_api::models::{
        AmendCertificateRequest, AmendCertificateRequestRevokeReason,
        ExternalSigningServiceEnvelopeStatus, GetOrganisationsParams, Organisation,
        SoftwareStatement, UserCreateRequest,
    };
    use directory_api::{Validate, schemas};
    use openapi_runtime::schema::check;
    use openapi_runtime::validation::{Location, ValidationErrors};
    use serde_json::{Value, json};

    fn raw_errors(value: &Value, schema: &openapi_runtime::schema::Schema) -> Vec<String> {
        let mut errors = ValidationErrors::default();
        check(value, schema, &Location::root("body"), &mut errors);
        errors.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_required_member_with_a_default_must_be_given() {
        // RevokeReason: required, default `unspecified`: the default does not stand in for it.
        assert!(serde_json::from_value::<AmendCertificateRequest>(json!({})).is_err());
        assert_eq!(
            raw_errors(&json!({}), &schemas::AMEND_CERTIFICATE_REQUEST),
            ["body/RevokeReason: is required"]
        );
        let given: AmendCertificateRequest =
            serde_json::from_value(json!({"RevokeReason": "superseded"})).unwrap();
        assert_eq!(
            given.revoke_reason,
            AmendCertificateRequestRevokeReason::Superseded
        );
    }

    #[test]
    fn first_and_last_name_are_required_of_any_type() {
        // Upstream requires them without declaring them: declared without a type.
        let user: UserCreateRequest = serde_json::from_value(json!({
            "UserEmail": "jane@bank.example", "FirstName": "Jane", "LastName": ["D", "oe"],
            "TermsAndConditionsId": 3
        }))
        .unwrap();
        assert_eq!(user.first_name, json!("Jane"));
        assert_eq!(user.last_name, json!(["D", "oe"]));
        user.validate().unwrap();
        assert_eq!(
            raw_errors(
                &json!({"UserEmail": "jane@bank.example", "TermsAndConditionsId": 3}),
                &schemas::USER_CREATE_REQUEST
            ),
            ["body/FirstName: is required", "body/LastName: is required"]
        );
    }

    #[test]
    fn integers_are_64_bit_and_the_envelope_status_a_string_enum() {
        let params = GetOrganisationsParams {
            page: Some(i64::MAX),
            ..Default::default()
        };
        params.validate().unwrap();
        let status: ExternalSigningServiceEnvelopeStatus =
            serde_json::from_value(json!("completed")).unwrap();
        assert_eq!(status, ExternalSigningServiceEnvelopeStatus::Completed);
        assert!(serde_json::from_value::<ExternalSigningServiceEnvelopeStatus>(json!(1)).is_err());
    }

    #[test]
    fn organisations_have_the_seeds_flags_and_no_tags() {
        let organisation: Organisation = serde_json::from_value(json!({
            "OrganisationId": "org-1", "Flags": [{"Name": "pilot", "Type": "Organisation"}],
            "LogoUri": "https://bank.example/logo.png"
        }))
        .unwrap();
        organisation.validate().unwrap();
        assert_eq!(
            organisation.flags.unwrap()[0].name.as_deref(),
            Some("pilot")
        );
        // Unknown members (upstream's Tags) are ignored, not kept.
        let organisation: Organisation = serde_json::from_value(json!({"Tags": ["bank"]})).unwrap();
        assert_eq!(
            serde_json::to_value(&organisation).unwrap()["Tags"],
            Value::Null
        );
        // maxLength on an array (upstream's RedirectUri) had no effect and is gone.
        let statement: SoftwareStatement =
            serde_json::from_value(json!({"RedirectUri": vec!["https://app.example/cb"; 300]}))
                .unwrap();
        statement.validate().unwrap();
    }
}
