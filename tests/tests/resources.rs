//! One representative operation of each resource (tag) of the directory, over real HTTP on
//! 127.0.0.1, against the generated router with a recording implementation that answers like
//! the mock: a valid request reaches the implementation with typed values and gets the
//! operation's success status; a request with several violations gets one 400 that lists each;
//! a request without credentials, or with refused ones, gets 401 before anything else.
//! (`server.rs` covers the two operations of the seed pages constraint by constraint.)

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use directory_api::server::{Api, Credentials, Operation, Unauthenticated, router};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const TOKEN: &str = "good-token";
const AUTH_DATE: &str = "header/x-fapi-auth-date: must match the pattern ^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d{2}:\\d{2}:\\d{2} (GMT|UTC)$";
const EMAIL: &str = r#"^(([^<>()\[\]\\.,;:\s@"]+(\.[^<>()\[\]\\.,;:\s@"]+)*)|(".+"))@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\])|(([a-zA-Z\-0-9]+\.)+[a-zA-Z]{2,}))$"#;
const HTTP_URI: &str = r"^(http:\/\/|https:\/\/).*";

/// Records each request that reaches the implementation, then answers like the mock.
#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    fn record(&self, operation: &'static str, request: &dyn std::fmt::Debug) {
        self.seen
            .lock()
            .unwrap()
            .push(format!("{operation} {request:?}"));
    }
}

impl Api for Recorder {
    type Claims = ();

    async fn authenticate(
        &self,
        _: Operation,
        credentials: Credentials,
    ) -> Result<(), Unauthenticated> {
        match credentials {
            Credentials::Bearer {
                scheme: "bearerAuth",
                token,
            } if token == TOKEN => Ok(()),
            _ => Err(Unauthenticated {
                message: "the token is not valid".into(),
            }),
        }
    }

    tests::all_operations_via_mock!();
}

/// A request body.
enum Body {
    Json(Value),
    Text(&'static str, &'static str),
}

/// One resource's representative operation: a valid request and one with several violations.
struct Case {
    tag: &'static str,
    /// The `Api` method the valid request reaches.
    operation: &'static str,
    method: Method,
    /// Path and query string of the valid request.
    target: &'static str,
    body: Option<Body>,
    /// Its status, the first success response of the operation (what the mock answers).
    status: StatusCode,
    /// Parts of the request's `Debug` text as the implementation saw it: the typed values.
    seen: &'static [&'static str],
    /// The invalid request: its path and query, its body (sent with `x-fapi-auth-date: yesterday`).
    bad_target: String,
    bad_body: Option<Value>,
    /// Every violation, in the order of the 400 body; the auth date comes with each.
    errors: Vec<String>,
}

fn long(n: usize) -> String {
    "x".repeat(n)
}

fn cases() -> Vec<Case> {
    let org = "/organisations/org-1";
    vec![
        Case {
            tag: "Client Registration",
            operation: "get_clients",
            method: Method::GET,
            target: "/clients?page=1&size=25&startDate=2022-05-12T23:20:50Z",
            body: None,
            status: StatusCode::OK,
            seen: &["page: Some(1)", "size: Some(25)", "start_date: Some(2022-05-12T23:20:50+00:00)"],
            bad_target: "/clients?page=x&startDate=yesterday&role=admin".into(),
            bad_body: None,
            errors: vec![
                "query/role: is not a parameter of this operation".into(),
                AUTH_DATE.into(),
                r#"query/page: must be a 32-bit integer, found "x""#.into(),
                "query/startDate: must be a valid date-time (RFC 3339)".into(),
            ],
        },
        Case {
            tag: "Organisations",
            operation: "create_organisation",
            method: Method::POST,
            target: "/organisations",
            body: Some(Body::Json(json!({
                "OrganisationId": "org-1", "OrganisationName": "Example Bank",
                "CountryOfRegistration": "GB", "CompanyRegister": "Companies House",
                "RegistrationNumber": "01234567", "LegalEntityName": "Example Bank plc",
                "AddressLine1": "10 Downing Street", "City": "London", "Postcode": "SW1A 2AA",
                "Country": "United Kingdom", "Tags": ["bank"]
            }))),
            status: StatusCode::CREATED,
            seen: &[r#"organisation_name: "Example Bank""#, "status: Active"],
            bad_target: "/organisations".into(),
            bad_body: Some(json!({
                "OrganisationId": long(41), "OrganisationName": "Example Bank",
                "CountryOfRegistration": "GB", "CompanyRegister": "Companies House",
                "RegistrationNumber": "01234567", "LegalEntityName": "Example Bank plc",
                "AddressLine1": "abc", "Postcode": "SW1A 2AA", "Country": "United Kingdom",
                "Status": "Deleted", "Tags": "bank"
            })),
            errors: vec![
                AUTH_DATE.into(),
                "body/AddressLine1: must be at least 5 characters long (minLength), found 3".into(),
                "body/City: is required".into(),
                "body/OrganisationId: must be at most 40 characters long (maxLength), found 41".into(),
                "body/Status: must be one of Active, Pending, Withdrawn (enum)".into(),
                "body/Tags: must be an array, found a string".into(),
            ],
        },
        Case {
            tag: "Organisation Admin Users",
            operation: "create_organisation_admin_user",
            method: Method::POST,
            target: "/organisations/org-1/adminusers",
            body: Some(Body::Json(json!({"UserEmail": "admin@bank.example"}))),
            status: StatusCode::CREATED,
            seen: &[r#"organisation_id: "org-1""#, r#"user_email: "admin@bank.example""#],
            bad_target: "/organisations/%3Corg%3E/adminusers".into(),
            bad_body: Some(json!({"UserEmail": "ad<min>@bank.example"})),
            errors: vec![
                "path/OrganisationId: must match the pattern ^[^<>]*$".into(),
                AUTH_DATE.into(),
                format!("body/UserEmail: must match the pattern {EMAIL}"),
            ],
        },
        Case {
            tag: "Organisation Domain Users",
            operation: "create_organisation_domain_user",
            method: Method::POST,
            target: "/organisations/org-1/PSD2/users",
            body: Some(Body::Json(json!({
                "Email": "jane@bank.example", "AuthorisationDomainRole": "PAGTO",
                "ContactRole": "PTC", "System": "Directory"
            }))),
            status: StatusCode::CREATED,
            seen: &[r#"authorisation_domain_name: "PSD2""#, "contact_role: Ptc"],
            bad_target: format!("{org}/{}/users", long(31)),
            bad_body: Some(json!({
                "Email": "jane@bank.example", "AuthorisationDomainRole": "PAGTO", "ContactRole": "CEO"
            })),
            errors: vec![
                "path/AuthorisationDomainName: must be at most 30 characters long (maxLength), found 31".into(),
                AUTH_DATE.into(),
                "body/ContactRole: must be one of PTC, STC, PBC, SBC, PSDC, SSDC, PDRC, SDRC, PPC, SPC, PCPC, SCPC, BAC, PFVPC, SFVPC, PPCMC, SPCMC (enum)".into(),
                "body/System: is required".into(),
            ],
        },
        Case {
            tag: "Authorisation Servers",
            operation: "create_organisation_authorisation_server",
            method: Method::POST,
            target: "/organisations/org-1/authorisationservers",
            body: Some(Body::Json(json!({
                "AutoRegistrationSupported": true, "CustomerFriendlyName": "Example Bank",
                "CustomerFriendlyDescription": "The bank's authorisation server",
                "CustomerFriendlyLogoUri": "https://bank.example/logo.svg",
                "DeprecatedDate": "2030-01-30"
            }))),
            status: StatusCode::CREATED,
            seen: &["auto_registration_supported: true", "deprecated_date: Some(2030-01-30)"],
            bad_target: "/organisations/org-1/authorisationservers".into(),
            // AutoRegistrationSupported is required: its default does not stand in for it.
            bad_body: Some(json!({
                "CustomerFriendlyName": "Example Bank",
                "CustomerFriendlyDescription": "The bank's authorisation server",
                "CustomerFriendlyLogoUri": "https://bank.example/logo.png",
                "DeprecatedDate": "2030-13-30"
            })),
            errors: vec![
                AUTH_DATE.into(),
                "body/AutoRegistrationSupported: is required".into(),
                r"body/CustomerFriendlyLogoUri: must match the pattern ^(http:\/\/|https:\/\/).*\.(svg)$".into(),
                "body/DeprecatedDate: must be a valid date (RFC 3339 full-date)".into(),
            ],
        },
        Case {
            tag: "API Resources",
            operation: "create_authorisation_server_api_resource",
            method: Method::POST,
            target: "/organisations/org-1/authorisationservers/as-1/apiresources",
            body: Some(Body::Json(json!({
                "ApiFamilyType": "accounts", "ApiVersion": "2.0.0",
                "CertificationStartDate": "01/02/2023",
                "ApiCertificationUri": "https://bank.example/certification.zip"
            }))),
            status: StatusCode::CREATED,
            seen: &[r#"authorisation_server_id: "as-1""#, r#"api_version: "2.0.0""#],
            bad_target: format!("{org}/authorisationservers/{}/apiresources", long(41)),
            bad_body: Some(json!({
                "ApiFamilyType": "accounts", "ApiVersion": "2.0",
                "CertificationStartDate": "2023-02-01",
                "ApiCertificationUri": "http://bank.example/certification.zip"
            })),
            errors: vec![
                "path/AuthorisationServerId: must be at most 40 characters long (maxLength), found 41".into(),
                AUTH_DATE.into(),
                "body/ApiCertificationUri: must match the pattern ^(https://).*".into(),
                r"body/ApiVersion: must match the pattern ^[0-9]+\.[0-9]+\.[0-9]+$".into(),
                "body/CertificationStartDate: must match the pattern ^[0-3][0-9]/[0-1][0-9]/2([0-9]{3})$".into(),
            ],
        },
        Case {
            tag: "API Discovery Endpoints",
            operation: "create_api_resource_discovery_endpoint",
            method: Method::POST,
            target: "/organisations/org-1/authorisationservers/as-1/apiresources/api-1/apidiscoveryendpoints",
            body: Some(Body::Json(json!({
                "ApiEndpoints": [{"ApiEndpoint": "https://bank.example/open-banking/v3.1/accounts"}]
            }))),
            status: StatusCode::CREATED,
            seen: &[r#"api_resource_id: "api-1""#, "https://bank.example/open-banking/v3.1/accounts"],
            bad_target: format!(
                "{org}/authorisationservers/as-1/apiresources/{}/apidiscoveryendpoints",
                long(41)
            ),
            bad_body: Some(json!({"ApiEndpoints": [{"ApiEndpoint": "ftp://bank.example"}, "x"]})),
            errors: vec![
                "path/ApiResourceId: must be at most 40 characters long (maxLength), found 41".into(),
                AUTH_DATE.into(),
                "body/ApiEndpoints/0/ApiEndpoint: must match the pattern ^(http://|https://).*".into(),
                "body/ApiEndpoints/1: must be an object, found a string".into(),
            ],
        },
        Case {
            tag: "Certifications",
            operation: "create_software_statement_certification",
            method: Method::POST,
            target: "/organisations/org-1/softwarestatements/ss-1/certifications",
            body: Some(Body::Json(json!({
                "CertificationStartDate": "01/02/2023",
                "CertificationURI": "https://bank.example/certification.zip",
                "ProfileVersion": 1.1, "Status": "Certified"
            }))),
            status: StatusCode::CREATED,
            seen: &[r#"software_statement_id: "ss-1""#, "profile_version: Some(1.1)"],
            bad_target: "/organisations/org-1/softwarestatements/ss-1/certifications".into(),
            bad_body: Some(json!({
                "CertificationURI": "http://bank.example/certification.zip",
                "ProfileVersion": "1.1", "Status": "Unknown"
            })),
            errors: vec![
                AUTH_DATE.into(),
                "body/CertificationURI: must match the pattern ^(https://).*".into(),
                "body/ProfileVersion: must be a number, found a string".into(),
                "body/Status: must be one of Awaiting Certification, Certified, Deprecated, Rejected, Self-Certified (enum)".into(),
            ],
        },
        Case {
            tag: "Authority Claims",
            operation: "create_organisation_authority_claim",
            method: Method::POST,
            target: "/organisations/org-1/authorityclaims",
            body: Some(Body::Json(json!({
                "RegistrationId": "reg-1", "Status": "Active", "AuthorisationDomain": "PSD2",
                "AuthorityId": "auth-1", "Role": "PAGTO"
            }))),
            status: StatusCode::CREATED,
            seen: &[r#"role: "PAGTO""#, "status: Active"],
            bad_target: "/organisations/org-1/authorityclaims".into(),
            // Status is required: its default does not stand in for it.
            bad_body: Some(json!({
                "RegistrationId": "reg-1", "AuthorisationDomain": "PSD2", "AuthorityId": "auth-1",
                "Role": "", "UniqueTechnicalIdenifier": ["ok", long(256)]
            })),
            errors: vec![
                AUTH_DATE.into(),
                "body/Role: must be at least 1 character long (minLength), found 0".into(),
                "body/Status: is required".into(),
                "body/UniqueTechnicalIdenifier/1: must be at most 255 characters long (maxLength), found 256".into(),
            ],
        },
        Case {
            tag: "Authority Claims Authorisations",
            operation: "create_authority_claim_authorisation",
            method: Method::POST,
            target: "/organisations/org-1/authorityclaims/claim-1/authorisations",
            body: Some(Body::Json(json!({"Status": "Active", "MemberState": "GB"}))),
            status: StatusCode::CREATED,
            seen: &[r#"organisation_authority_claim_id: "claim-1""#, r#"member_state: "GB""#],
            bad_target: format!("{org}/authorityclaims/{}/authorisations", long(41)),
            bad_body: Some(json!({"Status": "Pending", "MemberState": "G"})),
            errors: vec![
                "path/OrganisationAuthorityClaimId: must be at most 40 characters long (maxLength), found 41".into(),
                AUTH_DATE.into(),
                "body/MemberState: must be at least 2 characters long (minLength), found 1".into(),
                "body/Status: must be one of Active, Inactive (enum)".into(),
            ],
        },
        Case {
            tag: "Authority Domain Claims",
            operation: "create_organisation_authority_domain_claim",
            method: Method::POST,
            target: "/organisations/org-1/authoritydomainclaims",
            body: Some(Body::Json(json!({
                "AuthorityId": "auth-1", "AuthorisationDomainName": "PSD2", "RegistrationId": "reg-1"
            }))),
            status: StatusCode::CREATED,
            seen: &[r#"authorisation_domain_name: "PSD2""#],
            bad_target: "/organisations/org-1/authoritydomainclaims".into(),
            bad_body: Some(json!({"AuthorityId": "", "RegistrationId": 7})),
            errors: vec![
                AUTH_DATE.into(),
                "body/AuthorisationDomainName: is required".into(),
                "body/AuthorityId: must be at least 1 character long (minLength), found 0".into(),
                "body/RegistrationId: must be a string, found 7".into(),
            ],
        },
        Case {
            tag: "Certificates",
            operation: "update_organisation_certificate",
            method: Method::PUT,
            target: "/organisations/org-1/certificates/kid/kid-1",
            body: Some(Body::Json(json!({"RevokeReason": "keycompromise"}))),
            status: StatusCode::NO_CONTENT,
            seen: &[r#"certificate_or_key_id: "kid-1""#, "revoke_reason: Keycompromise"],
            bad_target: format!("{org}/certificates/kid/{}", long(256)),
            // RevokeReason is required: its default does not stand in for it.
            bad_body: Some(json!({})),
            errors: vec![
                "path/CertificateOrKeyId: must be at most 255 characters long (maxLength), found 256".into(),
                AUTH_DATE.into(),
                "body/RevokeReason: is required".into(),
            ],
        },
        // The same resource, with a text body (application/x-pem-file).
        Case {
            tag: "Certificates",
            operation: "create_organisation_certificate",
            method: Method::POST,
            target: "/organisations/org-1/certificates/qseal",
            body: Some(Body::Text(
                "application/x-pem-file",
                "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n",
            )),
            status: StatusCode::CREATED,
            seen: &["organisation_certificate_type: Qseal", "BEGIN CERTIFICATE REQUEST"],
            bad_target: "/organisations/%3Corg%3E/certificates/pem".into(),
            bad_body: None,
            errors: vec![
                "path/OrganisationId: must match the pattern ^[^<>]*$".into(),
                "path/OrganisationCertificateType: must be one of qwac, qseal, rtswac, rtsseal, brseal, brseal_ext, rtstransport_rs (enum)".into(),
                AUTH_DATE.into(),
                "body: is required".into(),
            ],
        },
        Case {
            tag: "Conformance Suite",
            operation: "create_organisation_conformance_test",
            method: Method::POST,
            target: "/organisations/org-1/conformancetest",
            body: Some(Body::Json(json!({
                "ResourceUrl": "https://bank.example/open-banking/v3.1/accounts",
                "ApiFamilyType": "accounts"
            }))),
            status: StatusCode::CREATED,
            seen: &[r#"api_family_type: "accounts""#],
            bad_target: "/organisations/org-1/conformancetest".into(),
            bad_body: Some(json!({"ResourceUrl": 42})),
            errors: vec![
                AUTH_DATE.into(),
                "body/ApiFamilyType: is required".into(),
                "body/ResourceUrl: must be a string, found 42".into(),
            ],
        },
        Case {
            tag: "Contacts",
            operation: "create_organisation_contact",
            method: Method::POST,
            target: "/organisations/org-1/contacts",
            body: Some(Body::Json(json!({
                "ContactType": "Business", "EmailAddress": "ops@bank.example",
                "PhoneNumber": "+44 20 7946 0000"
            }))),
            status: StatusCode::CREATED,
            seen: &[r#"email_address: "ops@bank.example""#],
            bad_target: "/organisations/org-1/contacts".into(),
            bad_body: Some(json!({
                "ContactType": "Business", "EmailAddress": "\"ops\"@<bank>.example",
                "PhoneNumber": "+44 (0)20 7946 00000"
            })),
            errors: vec![
                AUTH_DATE.into(),
                format!("body/EmailAddress: must match the pattern {EMAIL}"),
                "body/PhoneNumber: must be at most 18 characters long (maxLength), found 20".into(),
            ],
        },
        Case {
            tag: "Docusign",
            operation: "initiate_organisation_ess_signing",
            method: Method::POST,
            target: "/organisations/org-1/ess/initiatesigning",
            body: Some(Body::Json(json!({"NoOfSigners": 2, "TnCId": 7}))),
            status: StatusCode::OK,
            seen: &["no_of_signers: Some(2)", "tn_c_id: Some(7)"],
            bad_target: "/organisations/org-1/ess/initiatesigning".into(),
            bad_body: Some(json!({"NoOfSigners": 1.5, "TnCId": "7"})),
            errors: vec![
                AUTH_DATE.into(),
                "body/NoOfSigners: must be a 64-bit integer, found 1.5".into(),
                "body/TnCId: must be a 64-bit integer, found a string".into(),
            ],
        },
        Case {
            tag: "Software Statements",
            operation: "create_organisation_software_statement",
            method: Method::POST,
            target: "/organisations/org-1/softwarestatements",
            body: Some(Body::Json(json!({
                "ClientName": "Budgeting app", "LogoUri": "https://app.example/logo.png",
                "RedirectUri": ["https://app.example/callback"], "Version": 1,
                "Roles": [{"AuthorisationDomain": "PSD2", "Role": "AISP", "Status": "Active"}]
            }))),
            status: StatusCode::CREATED,
            seen: &[r#"client_name: "Budgeting app""#, "mode: Live"],
            bad_target: "/organisations/org-1/softwarestatements".into(),
            bad_body: Some(json!({
                "ClientName": "Budgeting app", "LogoUri": "app.example/logo.png",
                "RedirectUri": ["https://app.example/callback", "app.example/cb"], "Version": 41,
                "Mode": "Production", "Roles": [{"AuthorisationDomain": "PSD2", "Role": "AISP"}]
            })),
            errors: vec![
                AUTH_DATE.into(),
                format!("body/LogoUri: must match the pattern {HTTP_URI}"),
                "body/Mode: must be one of Live, Test (enum)".into(),
                "body/RedirectUri/1: must match the pattern ^(http://|https://).*".into(),
                "body/RedirectUri/1: must be a valid URI (RFC 3986)".into(),
                "body/Roles/0/Status: is required".into(),
                "body/Version: must be at most 40 (maximum)".into(),
            ],
        },
        Case {
            tag: "Assertion",
            operation: "get_software_statement_assertion",
            method: Method::GET,
            target: "/organisations/org-1/softwarestatements/ss-1/assertion",
            body: None,
            status: StatusCode::OK,
            seen: &[r#"software_statement_id: "ss-1""#],
            bad_target: format!(
                "/organisations/%3Corg%3E/softwarestatements/{}/assertion?format=jwt",
                long(41)
            ),
            bad_body: None,
            errors: vec![
                "query/format: is not a parameter of this operation".into(),
                "path/OrganisationId: must match the pattern ^[^<>]*$".into(),
                "path/SoftwareStatementId: must be at most 40 characters long (maxLength), found 41".into(),
                AUTH_DATE.into(),
            ],
        },
        Case {
            tag: "Software Authority Claims",
            operation: "create_software_statement_authority_claim",
            method: Method::POST,
            target: "/organisations/org-1/softwarestatements/ss-1/authorityclaims",
            body: Some(Body::Json(json!({
                "Status": "Active", "AuthorisationDomain": "PSD2", "Role": "AISP"
            }))),
            status: StatusCode::CREATED,
            seen: &[r#"authorisation_domain: "PSD2""#],
            bad_target: "/organisations/org-1/softwarestatements/ss-1/authorityclaims".into(),
            bad_body: Some(json!({"Status": "on", "AuthorisationDomain": long(31)})),
            errors: vec![
                AUTH_DATE.into(),
                "body/AuthorisationDomain: must be at most 30 characters long (maxLength), found 31".into(),
                "body/Role: is required".into(),
                "body/Status: must be one of Active, Inactive (enum)".into(),
            ],
        },
        Case {
            tag: "Software Statement Metadata",
            operation: "get_software_statement_metadata_list",
            method: Method::GET,
            target: "/organisations/org-1/softwarestatements/ss-1/metadata?type=contacts",
            body: None,
            status: StatusCode::OK,
            seen: &[r#"type: Some("contacts")"#],
            bad_target: "/organisations/org-1/softwarestatements/ss-1/metadata?type=a&type=b&page=1"
                .into(),
            bad_body: None,
            errors: vec![
                "query/page: is not a parameter of this operation".into(),
                AUTH_DATE.into(),
                "query/type: must be given only once".into(),
            ],
        },
        Case {
            tag: "Authorities",
            operation: "create_authority",
            method: Method::POST,
            target: "/references/authorities",
            body: Some(Body::Json(json!({
                "AuthorityName": "FCA", "AuthorityCode": "GB-FCA",
                "AuthorityUri": "https://www.fca.org.uk", "AuthorityCountry": "GB"
            }))),
            status: StatusCode::CREATED,
            seen: &[r#"authority_code: "GB-FCA""#],
            bad_target: "/references/authorities".into(),
            bad_body: Some(json!({
                "AuthorityName": long(41), "AuthorityCode": "GB-FCA",
                "AuthorityUri": "www.fca.org.uk", "AuthorityCountry": "G"
            })),
            errors: vec![
                AUTH_DATE.into(),
                "body/AuthorityCountry: must be at least 2 characters long (minLength), found 1".into(),
                "body/AuthorityName: must be at most 40 characters long (maxLength), found 41".into(),
                format!("body/AuthorityUri: must match the pattern {HTTP_URI}"),
            ],
        },
        Case {
            tag: "Authorisation Domains",
            operation: "create_authorisation_domain",
            method: Method::POST,
            target: "/references/authorisationdomains",
            body: Some(Body::Json(json!({
                "AuthorisationDomainName": "PSD2", "AuthorisationDomainRegion": "EU"
            }))),
            status: StatusCode::CREATED,
            seen: &[r#"authorisation_domain_region: "EU""#],
            bad_target: "/references/authorisationdomains".into(),
            bad_body: Some(json!({"AuthorisationDomainRegion": "E", "AuthorisationDomainDescription": null})),
            errors: vec![
                AUTH_DATE.into(),
                "body/AuthorisationDomainDescription: must be a string, found null".into(),
                "body/AuthorisationDomainName: is required".into(),
                "body/AuthorisationDomainRegion: must be at least 2 characters long (minLength), found 1".into(),
            ],
        },
        Case {
            tag: "Authority Domain Mappings",
            operation: "create_authority_authorisation_domain",
            method: Method::POST,
            target: "/references/authorities/auth-1/authorisationdomains",
            body: Some(Body::Json(json!({"AuthorisationDomainName": "PSD2", "Status": "Active"}))),
            status: StatusCode::CREATED,
            seen: &[r#"authority_id: "auth-1""#],
            bad_target: format!("/references/authorities/{}/authorisationdomains", long(41)),
            bad_body: Some(json!({"AuthorisationDomainName": "PSD2", "Status": "Deleted"})),
            errors: vec![
                "path/AuthorityId: must be at most 40 characters long (maxLength), found 41".into(),
                AUTH_DATE.into(),
                "body/Status: must be one of Active, Inactive (enum)".into(),
            ],
        },
        Case {
            tag: "Authorisation Domain Roles",
            operation: "create_authorisation_domain_role",
            method: Method::POST,
            target: "/references/authorisationdomainroles",
            body: Some(Body::Json(json!({
                "AuthorisationDomainRoleName": "AISP", "AuthorisationDomainName": "PSD2",
                "RoleType": "Directory"
            }))),
            status: StatusCode::CREATED,
            seen: &[r#"authorisation_domain_role_name: "AISP""#, "role_type: Directory"],
            bad_target: "/references/authorisationdomainroles".into(),
            bad_body: Some(json!({
                "AuthorisationDomainRoleName": long(61), "AuthorisationDomainName": "PSD2",
                "RoleType": "Other"
            })),
            errors: vec![
                AUTH_DATE.into(),
                "body/AuthorisationDomainRoleName: must be at most 60 characters long (maxLength), found 61".into(),
                "body/RoleType: must be one of Directory, Federation (enum)".into(),
            ],
        },
        Case {
            tag: "Authorisation Domain Role Metadata",
            operation: "create_authorisation_domain_role_metadata",
            method: Method::POST,
            target: "/references/authorisationdomainroles/AISP/metadata",
            body: Some(Body::Json(json!({"Name": "scope", "Type": "string"}))),
            status: StatusCode::CREATED,
            seen: &[r#"authorisation_domain_role_name: "AISP""#, r#"name: Some("scope")"#],
            bad_target: format!("/references/authorisationdomainroles/{}/metadata", long(61)),
            bad_body: Some(json!({"Name": "", "Type": long(256)})),
            errors: vec![
                "path/AuthorisationDomainRoleName: must be at most 60 characters long (maxLength), found 61".into(),
                AUTH_DATE.into(),
                "body/Name: must be at least 1 character long (minLength), found 0".into(),
                "body/Type: must be at most 255 characters long (maxLength), found 256".into(),
            ],
        },
        Case {
            tag: "Terms and Conditions",
            operation: "create_terms_and_conditions",
            method: Method::POST,
            target: "/references/termsandconditions",
            body: Some(Body::Json(json!({
                "Type": "Participant", "Content": "<p>Terms</p>", "Name": "Participant terms"
            }))),
            status: StatusCode::CREATED,
            seen: &[r#"content: "<p>Terms</p>""#, "type: Participant"],
            bad_target: "/references/termsandconditions".into(),
            bad_body: Some(json!({
                "Type": "Other", "Content": "", "Name": "Participant terms",
                "ExternalSigningService": {"ExternalSigningServiceName": "Adobe Sign"}
            })),
            errors: vec![
                AUTH_DATE.into(),
                "body/Content: must be at least 1 character long (minLength), found 0".into(),
                "body/ExternalSigningService/ExternalSigningServiceName: must be one of DocuSign (enum)".into(),
                "body/Type: must be one of Participant, Directory (enum)".into(),
            ],
        },
        Case {
            tag: "Users",
            operation: "create_user",
            method: Method::POST,
            target: "/users",
            body: Some(Body::Json(json!({
                "UserEmail": "jane@bank.example", "FirstName": "Jane", "LastName": "Doe",
                "TermsAndConditionsId": 3
            }))),
            status: StatusCode::CREATED,
            seen: &[r#"first_name: String("Jane")"#, "terms_and_conditions_id: 3"],
            bad_target: "/users".into(),
            // FirstName and LastName are required, of any type (upstream does not declare them).
            bad_body: Some(json!({
                "UserEmail": "jane@bank", "FirstName": null, "TermsAndConditionsId": "3"
            })),
            errors: vec![
                AUTH_DATE.into(),
                "body/LastName: is required".into(),
                "body/TermsAndConditionsId: must be a 64-bit integer, found a string".into(),
                format!("body/UserEmail: must match the pattern {EMAIL}"),
            ],
        },
    ]
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

impl Server {
    fn request(
        &self,
        method: &Method,
        target: &str,
        body: Option<&Body>,
    ) -> reqwest::RequestBuilder {
        let request = self
            .client
            .request(method.clone(), format!("http://{}{target}", self.addr));
        match body {
            None => request,
            Some(Body::Json(value)) => request.json(value),
            Some(Body::Text(media_type, text)) => request
                .header("content-type", *media_type)
                .body(text.to_string()),
        }
    }

    /// Status and body (JSON, or a JSON string of the text).
    async fn send(&self, request: reqwest::RequestBuilder) -> (StatusCode, Value) {
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, body)
    }
}

fn errors(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no error list in {body}"))
        .iter()
        .map(|e| e.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_resource_has_a_case() {
    let spec = generator::load::parse(include_str!("../../spec/directory.yaml"), "directory.yaml")
        .unwrap();
    let spec = serde_json::to_value(&spec.doc).unwrap();
    let tags: Vec<&str> = spec["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    let cases = cases();
    let covered: Vec<&str> = cases.iter().map(|c| c.tag).collect();
    for tag in &tags {
        assert!(covered.contains(tag), "no case for the resource {tag:?}");
    }
    assert_eq!(tags.len(), 26);
}

#[tokio::test]
async fn a_valid_request_reaches_the_implementation_with_typed_values() {
    let server = start().await;
    for case in cases() {
        let request = server
            .request(&case.method, case.target, case.body.as_ref())
            .bearer_auth(TOKEN)
            .header("x-fapi-auth-date", "Sun, 10 Sep 2017 19:43:31 UTC");
        let (status, body) = server.send(request).await;
        assert_eq!(status, case.status, "{}: {body}", case.tag);
        let seen = server.recorder.seen.lock().unwrap().pop().expect(case.tag);
        assert!(seen.starts_with(&format!("{} ", case.operation)), "{seen}");
        assert!(
            seen.contains(r#"x_fapi_auth_date: Some("Sun, 10 Sep 2017 19:43:31 UTC")"#),
            "{seen}"
        );
        for part in case.seen {
            assert!(seen.contains(part), "{}: {part} not in {seen}", case.tag);
        }
    }
}

#[tokio::test]
async fn every_violation_of_a_request_is_listed_in_one_400() {
    let server = start().await;
    for case in cases() {
        let body = case.bad_body.clone().map(Body::Json);
        let request = server
            .request(&case.method, &case.bad_target, body.as_ref())
            .bearer_auth(TOKEN)
            .header("x-fapi-auth-date", "yesterday");
        let (status, body) = server.send(request).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{}: {body}", case.tag);
        assert_eq!(errors(&body), case.errors, "{}", case.tag);
    }
    assert!(
        server.recorder.seen.lock().unwrap().is_empty(),
        "an invalid request reached the implementation"
    );
}

#[tokio::test]
async fn each_resource_refuses_missing_and_bad_credentials_first() {
    let server = start().await;
    for case in cases() {
        // Even with the invalid request: credentials are checked before anything else.
        let body = case.bad_body.clone().map(Body::Json);
        for token in [None, Some("wrong-token")] {
            let mut request = server.request(&case.method, &case.bad_target, body.as_ref());
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let (status, body) = server.send(request).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{} {token:?}", case.tag);
            let expected = match token {
                None => "header/authorization: a bearer token is required",
                Some(_) => "the token is not valid",
            };
            assert_eq!(errors(&body), [expected], "{}", case.tag);
        }
    }
    assert!(server.recorder.seen.lock().unwrap().is_empty());
}

/// Found by schemathesis: serde's derive alone would read a struct whose members are all
/// optional from `[]`, at the top of a body or inside it.
#[tokio::test]
async fn a_body_or_member_that_is_not_an_object_is_refused() {
    let server = start().await;
    let cases = [
        (
            Method::PUT,
            "/organisations/org-1/softwarestatements/ss-1/unlock",
            json!([]),
            "body: must be an object, found an array",
        ),
        (
            Method::POST,
            "/references/termsandconditions",
            json!({"Type": "Participant", "Content": "c", "Name": "n", "ExternalSigningService": []}),
            "body/ExternalSigningService: must be an object, found an array",
        ),
    ];
    for (method, path, body, error) in cases {
        let request = server
            .request(&method, path, Some(&Body::Json(body)))
            .bearer_auth(TOKEN);
        let (status, answer) = server.send(request).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {answer}");
        assert_eq!(errors(&answer), [error], "{path}");
    }
    assert!(server.recorder.seen.lock().unwrap().is_empty());
}
