//! The generated client (feature `client`) against the in-process mock of the whole directory,
//! over HTTP on 127.0.0.1: one operation of each resource (tag), its typed success answer, whose
//! body satisfies the spec; and what the client refuses to send. (`client.rs` covers the two
//! operations of the seed pages status by status.)

use std::net::SocketAddr;

use directory_api::Validate;
use directory_api::client::{Client, ClientError};
use directory_api::models::*;
use directory_api::responses::*;
use directory_api::server::router;
use serde_json::json;

const SECRET: &str = "s3cret";

async fn client() -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let app = router(directory_api::mock::Mock::with_secret(SECRET));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Client::new(format!("http://{addr}")).with_bearer_token(SECRET)
}

fn all_valid<T: Validate>(items: &[T]) {
    for item in items {
        item.validate().unwrap();
    }
}

fn from<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).unwrap()
}

fn id(s: &str) -> String {
    s.to_owned()
}

/// Unwraps the expected variant of a response, or fails with what came instead.
macro_rules! expect {
    ($result:expr, $pattern:pat => $then:expr) => {
        match $result {
            Ok($pattern) => $then,
            other => panic!("{}: {other:?}", stringify!($pattern)),
        }
    };
}

#[tokio::test]
async fn one_operation_of_each_resource_gets_its_typed_answer() {
    let client = client().await;

    // Client Registration
    let params = GetClientsParams {
        page: Some(0),
        size: Some(25),
        ..Default::default()
    };
    expect!(
        client.get_clients(&params).await,
        GetClientsResponse::Ok { body, .. } => body.validate().unwrap()
    );

    // Organisations
    let params = GetOrganisationParams::new(id("org-1"));
    expect!(
        client.get_organisation(&params).await,
        GetOrganisationResponse::Ok { body, .. } => body.validate().unwrap()
    );

    // Organisation Admin Users
    let params = GetOrganisationAdminUsersParams::new(id("org-1"));
    expect!(
        client.get_organisation_admin_users(&params).await,
        GetOrganisationAdminUsersResponse::Ok { body, .. } => all_valid(&body)
    );

    // Organisation Domain Users
    let params = GetOrganisationDomainUsersParams::new(id("org-1"), id("PSD2"));
    expect!(
        client.get_organisation_domain_users(&params).await,
        GetOrganisationDomainUsersResponse::Ok { body, .. } => body.validate().unwrap()
    );

    // Authorisation Servers
    let params = CreateOrganisationAuthorisationServerParams::new(id("org-1"));
    let body: AuthorisationServerRequest = from(json!({
        "AutoRegistrationSupported": true, "CustomerFriendlyName": "Example Bank",
        "CustomerFriendlyDescription": "The bank's authorisation server",
        "CustomerFriendlyLogoUri": "https://bank.example/logo.svg"
    }));
    expect!(
        client.create_organisation_authorisation_server(&params, &body).await,
        CreateOrganisationAuthorisationServerResponse::Created { body, .. } => body.validate().unwrap()
    );

    // API Resources
    let params = GetAuthorisationServerApiResourcesParams::new(id("org-1"), id("as-1"));
    expect!(
        client.get_authorisation_server_api_resources(&params).await,
        GetAuthorisationServerApiResourcesResponse::Ok { body, .. } => all_valid(&body)
    );

    // API Discovery Endpoints
    let params = GetApiResourceDiscoveryEndpointParams::new(
        id("org-1"),
        id("as-1"),
        id("api-1"),
        id("ep-1"),
    );
    expect!(
        client.get_api_resource_discovery_endpoint(&params).await,
        GetApiResourceDiscoveryEndpointResponse::Ok { body, .. } => body.validate().unwrap()
    );

    // Certifications
    let params = GetAuthorisationServerCertificationsParams::new(id("org-1"), id("as-1"));
    expect!(
        client.get_authorisation_server_certifications(&params).await,
        GetAuthorisationServerCertificationsResponse::Ok { body, .. } => all_valid(&body)
    );

    // Authority Claims
    let params = GetOrganisationAuthorityClaimsParams::new(id("org-1"));
    expect!(
        client.get_organisation_authority_claims(&params).await,
        GetOrganisationAuthorityClaimsResponse::Ok { body, .. } => all_valid(&body)
    );

    // Authority Claims Authorisations
    let params = CreateAuthorityClaimAuthorisationParams::new(id("org-1"), id("claim-1"));
    let body: OrganisationAuthorityClaimAuthorisationRequest =
        from(json!({"Status": "Active", "MemberState": "GB"}));
    expect!(
        client.create_authority_claim_authorisation(&params, &body).await,
        CreateAuthorityClaimAuthorisationResponse::Created { body, .. } => body.validate().unwrap()
    );

    // Authority Domain Claims
    let params = GetOrganisationAuthorityDomainClaimsParams::new(id("org-1"));
    expect!(
        client.get_organisation_authority_domain_claims(&params).await,
        GetOrganisationAuthorityDomainClaimsResponse::Ok { body, .. } => body.validate().unwrap()
    );

    // Certificates: a text body (application/x-pem-file)
    let params =
        CreateOrganisationCertificateParams::new(id("org-1"), OrganisationCertificateType::Qseal);
    let pem = "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n";
    expect!(
        client.create_organisation_certificate(&params, pem).await,
        CreateOrganisationCertificateResponse::Created { body, .. } => body.validate().unwrap()
    );

    // Conformance Suite
    let params = CreateOrganisationConformanceTestParams::new(id("org-1"));
    let body: OrganisationConformanceTest = from(json!({
        "ResourceUrl": "https://bank.example/open-banking/v3.1/accounts", "ApiFamilyType": "accounts"
    }));
    expect!(
        client.create_organisation_conformance_test(&params, &body).await,
        CreateOrganisationConformanceTestResponse::Created { body, .. } => body.validate().unwrap()
    );

    // Contacts
    let params = GetOrganisationContactsParams::new(id("org-1"));
    expect!(
        client.get_organisation_contacts(&params).await,
        GetOrganisationContactsResponse::Ok { body, .. } => body.validate().unwrap()
    );

    // Docusign: an optional body
    let params = InitiateOrganisationEssSigningParams::new(id("org-1"));
    expect!(
        client.initiate_organisation_ess_signing(&params, None).await,
        InitiateOrganisationEssSigningResponse::Ok { body, .. } => body.validate().unwrap()
    );

    // Software Statements
    let params = GetOrganisationSoftwareStatementParams::new(id("org-1"), id("ss-1"));
    expect!(
        client.get_organisation_software_statement(&params).await,
        GetOrganisationSoftwareStatementResponse::Ok { body, .. } => body.validate().unwrap()
    );

    // Assertion: a JSON string
    let params = GetSoftwareStatementAssertionParams::new(id("org-1"), id("ss-1"));
    expect!(
        client.get_software_statement_assertion(&params).await,
        GetSoftwareStatementAssertionResponse::Ok { body, .. } => assert!(body.chars().count() <= 4000)
    );

    // Software Authority Claims: no content
    let params =
        UpdateSoftwareStatementAuthorityClaimParams::new(id("org-1"), id("ss-1"), id("claim-1"));
    let body: SoftwareAuthorityClaimUpdateRequest = from(json!({"Status": "Inactive"}));
    expect!(
        client.update_software_statement_authority_claim(&params, &body).await,
        UpdateSoftwareStatementAuthorityClaimResponse::NoContent { .. } => ()
    );

    // Software Statement Metadata
    let mut params = GetSoftwareStatementMetadataListParams::new(id("org-1"), id("ss-1"));
    params.r#type = Some(id("contacts"));
    expect!(
        client.get_software_statement_metadata_list(&params).await,
        GetSoftwareStatementMetadataListResponse::Ok { body, .. } => all_valid(&body)
    );

    // Authorities
    let params = GetAuthoritiesParams::default();
    expect!(
        client.get_authorities(&params).await,
        GetAuthoritiesResponse::Ok { body, .. } => all_valid(&body)
    );

    // Authorisation Domains
    let params = GetAuthorisationDomainsParams::default();
    expect!(
        client.get_authorisation_domains(&params).await,
        GetAuthorisationDomainsResponse::Ok { body, .. } => body.validate().unwrap()
    );

    // Authority Domain Mappings
    let params = ActivateAuthorityAuthorisationDomainParams::new(id("auth-1"), id("map-1"));
    let body: AuthorityAuthorisationDomainRequest =
        from(json!({"AuthorisationDomainName": "PSD2", "Status": "Active"}));
    expect!(
        client.activate_authority_authorisation_domain(&params, &body).await,
        ActivateAuthorityAuthorisationDomainResponse::Ok { body, .. } => body.validate().unwrap()
    );

    // Authorisation Domain Roles
    let params = GetAuthorisationDomainRolesParams::default();
    expect!(
        client.get_authorisation_domain_roles(&params).await,
        GetAuthorisationDomainRolesResponse::Ok { body, .. } => body.validate().unwrap()
    );

    // Authorisation Domain Role Metadata
    let params = GetAuthorisationDomainRoleMetadataParams::new(id("AISP"), id("meta-1"));
    expect!(
        client.get_authorisation_domain_role_metadata(&params).await,
        GetAuthorisationDomainRoleMetadataResponse::Ok { body, .. } => body.validate().unwrap()
    );

    // Terms and Conditions
    let params = GetTermsAndConditionsListParams::default();
    expect!(
        client.get_terms_and_conditions_list(&params).await,
        GetTermsAndConditionsListResponse::Ok { body, .. } => body.validate().unwrap()
    );

    // Users
    let body: UserCreateRequest = from(json!({
        "UserEmail": "jane@bank.example", "FirstName": "Jane", "LastName": "Doe",
        "TermsAndConditionsId": 3
    }));
    expect!(
        client.create_user(&CreateUserParams::default(), &body).await,
        CreateUserResponse::Created { body, .. } => body.validate().unwrap()
    );
}

#[tokio::test]
async fn what_the_spec_forbids_is_not_sent() {
    let client = client().await;
    // Every violation of parameters and body, before anything is sent.
    let mut params = CreateOrganisationContactParams::new(id("<org>"));
    params.x_fapi_auth_date = Some(id("yesterday"));
    let body: ContactRequest = from(json!({
        "ContactType": "Business", "EmailAddress": "jane<at>bank.example",
        "PhoneNumber": "0".repeat(19)
    }));
    let Err(ClientError::InvalidRequest(errors)) =
        client.create_organisation_contact(&params, &body).await
    else {
        panic!("sent")
    };
    let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            "path/OrganisationId: must match the pattern ^[^<>]*$".to_owned(),
            format!(
                "header/x-fapi-auth-date: must match the pattern {}",
                r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|UTC)$"
            ),
            format!(
                "body/EmailAddress: must match the pattern {}",
                r#"^(([^<>()\[\]\\.,;:\s@"]+(\.[^<>()\[\]\\.,;:\s@"]+)*)|(".+"))@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\])|(([a-zA-Z\-0-9]+\.)+[a-zA-Z]{2,}))$"#
            ),
            "body/PhoneNumber: must be at most 18 characters long (maxLength), found 19".to_owned(),
        ]
    );
    // Every operation needs credentials.
    let anonymous = Client::new(id("http://127.0.0.1:9"));
    let params = DeleteOrganisationParams::new(id("org-1"));
    assert!(matches!(
        anonymous.delete_organisation(&params).await,
        Err(ClientError::MissingCredentials { .. })
    ));
    // The mock knows its secret: other credentials get the 401 of the spec.
    let wrong = client.clone().with_bearer_token("other");
    expect!(
        wrong.delete_organisation(&params).await,
        DeleteOrganisationResponse::Unauthorized { .. } => ()
    );
    expect!(
        client.delete_organisation(&params).await,
        DeleteOrganisationResponse::NoContent { .. } => ()
    );
}
