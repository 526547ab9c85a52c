//! Helpers shared by the test files (`tests/tests/*.rs`).

/// Methods of the directory's `Api` trait (`directory_api::server::Api`) that record the
/// request and answer like the mock (`directory_api::mock::Mock`): in an `impl Api for T`,
/// `tests::via_mock! { get_clients: GetClientsRequest => GetClientsResponse, ... }`. `T` needs
/// `fn record(&self, operation: &'static str, request: &dyn std::fmt::Debug)`.
#[macro_export]
macro_rules! via_mock {
    ($($name:ident: $request:ident => $response:ident),* $(,)?) => {$(
        async fn $name(
            &self,
            _claims: Self::Claims,
            request: ::directory_api::server::$request,
        ) -> ::directory_api::responses::$response {
            self.record(stringify!($name), &request);
            ::directory_api::server::Api::$name(&::directory_api::mock::Mock::default(), (), request)
                .await
        }
    )*};
}

/// [`via_mock!`] for every operation of the directory but the two of the seed pages
/// (`refresh_clients`, `update_organisation`), which a test implementation writes itself.
#[macro_export]
macro_rules! other_operations_via_mock {
    () => {
        $crate::via_mock! {
            get_clients: GetClientsRequest => GetClientsResponse,
            get_client: GetClientRequest => GetClientResponse,
            get_organisations: GetOrganisationsRequest => GetOrganisationsResponse,
            create_organisation: CreateOrganisationRequest => CreateOrganisationResponse,
            get_organisation: GetOrganisationRequest => GetOrganisationResponse,
            delete_organisation: DeleteOrganisationRequest => DeleteOrganisationResponse,
            get_organisation_admin_users: GetOrganisationAdminUsersRequest => GetOrganisationAdminUsersResponse,
            create_organisation_admin_user: CreateOrganisationAdminUserRequest => CreateOrganisationAdminUserResponse,
            get_organisation_admin_user: GetOrganisationAdminUserRequest => GetOrganisationAdminUserResponse,
            update_organisation_admin_user: UpdateOrganisationAdminUserRequest => UpdateOrganisationAdminUserResponse,
            get_organisation_authorisation_servers: GetOrganisationAuthorisationServersRequest => GetOrganisationAuthorisationServersResponse,
            create_organisation_authorisation_server: CreateOrganisationAuthorisationServerRequest => CreateOrganisationAuthorisationServerResponse,
            get_organisation_authorisation_server: GetOrganisationAuthorisationServerRequest => GetOrganisationAuthorisationServerResponse,
            update_organisation_authorisation_server: UpdateOrganisationAuthorisationServerRequest => UpdateOrganisationAuthorisationServerResponse,
            delete_organisation_authorisation_server: DeleteOrganisationAuthorisationServerRequest => DeleteOrganisationAuthorisationServerResponse,
            get_authorisation_server_api_resources: GetAuthorisationServerApiResourcesRequest => GetAuthorisationServerApiResourcesResponse,
            create_authorisation_server_api_resource: CreateAuthorisationServerApiResourceRequest => CreateAuthorisationServerApiResourceResponse,
            get_authorisation_server_api_resource: GetAuthorisationServerApiResourceRequest => GetAuthorisationServerApiResourceResponse,
            update_authorisation_server_api_resource: UpdateAuthorisationServerApiResourceRequest => UpdateAuthorisationServerApiResourceResponse,
            delete_authorisation_server_api_resource: DeleteAuthorisationServerApiResourceRequest => DeleteAuthorisationServerApiResourceResponse,
            get_api_resource_discovery_endpoints: GetApiResourceDiscoveryEndpointsRequest => GetApiResourceDiscoveryEndpointsResponse,
            create_api_resource_discovery_endpoint: CreateApiResourceDiscoveryEndpointRequest => CreateApiResourceDiscoveryEndpointResponse,
            get_api_resource_discovery_endpoint: GetApiResourceDiscoveryEndpointRequest => GetApiResourceDiscoveryEndpointResponse,
            update_api_resource_discovery_endpoint: UpdateApiResourceDiscoveryEndpointRequest => UpdateApiResourceDiscoveryEndpointResponse,
            delete_api_resource_discovery_endpoint: DeleteApiResourceDiscoveryEndpointRequest => DeleteApiResourceDiscoveryEndpointResponse,
            get_authorisation_server_certifications: GetAuthorisationServerCertificationsRequest => GetAuthorisationServerCertificationsResponse,
            create_authorisation_server_certification: CreateAuthorisationServerCertificationRequest => CreateAuthorisationServerCertificationResponse,
            get_authorisation_server_certification: GetAuthorisationServerCertificationRequest => GetAuthorisationServerCertificationResponse,
            update_authorisation_server_certification: UpdateAuthorisationServerCertificationRequest => UpdateAuthorisationServerCertificationResponse,
            delete_authorisation_server_certification: DeleteAuthorisationServerCertificationRequest => DeleteAuthorisationServerCertificationResponse,
            get_authorisation_server_family_status: GetAuthorisationServerFamilyStatusRequest => GetAuthorisationServerFamilyStatusResponse,
            get_organisation_authority_claims: GetOrganisationAuthorityClaimsRequest => GetOrganisationAuthorityClaimsResponse,
            create_organisation_authority_claim: CreateOrganisationAuthorityClaimRequest => CreateOrganisationAuthorityClaimResponse,
            get_organisation_authority_claim: GetOrganisationAuthorityClaimRequest => GetOrganisationAuthorityClaimResponse,
            update_organisation_authority_claim: UpdateOrganisationAuthorityClaimRequest => UpdateOrganisationAuthorityClaimResponse,
            delete_organisation_authority_claim: DeleteOrganisationAuthorityClaimRequest => DeleteOrganisationAuthorityClaimResponse,
            get_authority_claim_authorisations: GetAuthorityClaimAuthorisationsRequest => GetAuthorityClaimAuthorisationsResponse,
            create_authority_claim_authorisation: CreateAuthorityClaimAuthorisationRequest => CreateAuthorityClaimAuthorisationResponse,
            get_authority_claim_authorisation: GetAuthorityClaimAuthorisationRequest => GetAuthorityClaimAuthorisationResponse,
            delete_authority_claim_authorisation: DeleteAuthorityClaimAuthorisationRequest => DeleteAuthorityClaimAuthorisationResponse,
            get_organisation_authority_domain_claims: GetOrganisationAuthorityDomainClaimsRequest => GetOrganisationAuthorityDomainClaimsResponse,
            create_organisation_authority_domain_claim: CreateOrganisationAuthorityDomainClaimRequest => CreateOrganisationAuthorityDomainClaimResponse,
            get_organisation_authority_domain_claim: GetOrganisationAuthorityDomainClaimRequest => GetOrganisationAuthorityDomainClaimResponse,
            update_organisation_authority_domain_claim: UpdateOrganisationAuthorityDomainClaimRequest => UpdateOrganisationAuthorityDomainClaimResponse,
            delete_organisation_authority_domain_claim: DeleteOrganisationAuthorityDomainClaimRequest => DeleteOrganisationAuthorityDomainClaimResponse,
            get_organisation_certificates: GetOrganisationCertificatesRequest => GetOrganisationCertificatesResponse,
            get_organisation_certificate: GetOrganisationCertificateRequest => GetOrganisationCertificateResponse,
            update_organisation_certificate: UpdateOrganisationCertificateRequest => UpdateOrganisationCertificateResponse,
            get_organisation_certificates_by_type: GetOrganisationCertificatesByTypeRequest => GetOrganisationCertificatesByTypeResponse,
            create_organisation_certificate: CreateOrganisationCertificateRequest => CreateOrganisationCertificateResponse,
            create_organisation_conformance_test: CreateOrganisationConformanceTestRequest => CreateOrganisationConformanceTestResponse,
            get_organisation_contacts: GetOrganisationContactsRequest => GetOrganisationContactsResponse,
            create_organisation_contact: CreateOrganisationContactRequest => CreateOrganisationContactResponse,
            get_organisation_contact: GetOrganisationContactRequest => GetOrganisationContactResponse,
            update_organisation_contact: UpdateOrganisationContactRequest => UpdateOrganisationContactResponse,
            delete_organisation_contact: DeleteOrganisationContactRequest => DeleteOrganisationContactResponse,
            initiate_organisation_ess_signing: InitiateOrganisationEssSigningRequest => InitiateOrganisationEssSigningResponse,
            get_organisation_software_statements: GetOrganisationSoftwareStatementsRequest => GetOrganisationSoftwareStatementsResponse,
            create_organisation_software_statement: CreateOrganisationSoftwareStatementRequest => CreateOrganisationSoftwareStatementResponse,
            get_organisation_software_statement: GetOrganisationSoftwareStatementRequest => GetOrganisationSoftwareStatementResponse,
            update_organisation_software_statement: UpdateOrganisationSoftwareStatementRequest => UpdateOrganisationSoftwareStatementResponse,
            delete_organisation_software_statement: DeleteOrganisationSoftwareStatementRequest => DeleteOrganisationSoftwareStatementResponse,
            get_software_statement_assertion: GetSoftwareStatementAssertionRequest => GetSoftwareStatementAssertionResponse,
            get_software_statement_authority_claims: GetSoftwareStatementAuthorityClaimsRequest => GetSoftwareStatementAuthorityClaimsResponse,
            create_software_statement_authority_claim: CreateSoftwareStatementAuthorityClaimRequest => CreateSoftwareStatementAuthorityClaimResponse,
            get_software_statement_authority_claim: GetSoftwareStatementAuthorityClaimRequest => GetSoftwareStatementAuthorityClaimResponse,
            update_software_statement_authority_claim: UpdateSoftwareStatementAuthorityClaimRequest => UpdateSoftwareStatementAuthorityClaimResponse,
            get_software_statement_certificates: GetSoftwareStatementCertificatesRequest => GetSoftwareStatementCertificatesResponse,
            create_software_statement_certificate: CreateSoftwareStatementCertificateRequest => CreateSoftwareStatementCertificateResponse,
            get_software_statement_certificate: GetSoftwareStatementCertificateRequest => GetSoftwareStatementCertificateResponse,
            update_software_statement_certificate: UpdateSoftwareStatementCertificateRequest => UpdateSoftwareStatementCertificateResponse,
            get_software_statement_certifications: GetSoftwareStatementCertificationsRequest => GetSoftwareStatementCertificationsResponse,
            create_software_statement_certification: CreateSoftwareStatementCertificationRequest => CreateSoftwareStatementCertificationResponse,
            get_software_statement_certification: GetSoftwareStatementCertificationRequest => GetSoftwareStatementCertificationResponse,
            update_software_statement_certification: UpdateSoftwareStatementCertificationRequest => UpdateSoftwareStatementCertificationResponse,
            delete_software_statement_certification: DeleteSoftwareStatementCertificationRequest => DeleteSoftwareStatementCertificationResponse,
            get_software_statement_metadata_list: GetSoftwareStatementMetadataListRequest => GetSoftwareStatementMetadataListResponse,
            unlock_organisation_software_statement: UnlockOrganisationSoftwareStatementRequest => UnlockOrganisationSoftwareStatementResponse,
            get_organisation_tnc_history: GetOrganisationTncHistoryRequest => GetOrganisationTncHistoryResponse,
            get_organisation_domain_users: GetOrganisationDomainUsersRequest => GetOrganisationDomainUsersResponse,
            create_organisation_domain_user: CreateOrganisationDomainUserRequest => CreateOrganisationDomainUserResponse,
            get_organisation_domain_user: GetOrganisationDomainUserRequest => GetOrganisationDomainUserResponse,
            get_authorisation_domain_roles: GetAuthorisationDomainRolesRequest => GetAuthorisationDomainRolesResponse,
            create_authorisation_domain_role: CreateAuthorisationDomainRoleRequest => CreateAuthorisationDomainRoleResponse,
            get_authorisation_domain_role: GetAuthorisationDomainRoleRequest => GetAuthorisationDomainRoleResponse,
            update_authorisation_domain_role: UpdateAuthorisationDomainRoleRequest => UpdateAuthorisationDomainRoleResponse,
            delete_authorisation_domain_role: DeleteAuthorisationDomainRoleRequest => DeleteAuthorisationDomainRoleResponse,
            get_authorisation_domain_role_metadata_list: GetAuthorisationDomainRoleMetadataListRequest => GetAuthorisationDomainRoleMetadataListResponse,
            create_authorisation_domain_role_metadata: CreateAuthorisationDomainRoleMetadataRequest => CreateAuthorisationDomainRoleMetadataResponse,
            get_authorisation_domain_role_metadata: GetAuthorisationDomainRoleMetadataRequest => GetAuthorisationDomainRoleMetadataResponse,
            delete_authorisation_domain_role_metadata: DeleteAuthorisationDomainRoleMetadataRequest => DeleteAuthorisationDomainRoleMetadataResponse,
            get_authorisation_domains: GetAuthorisationDomainsRequest => GetAuthorisationDomainsResponse,
            create_authorisation_domain: CreateAuthorisationDomainRequest => CreateAuthorisationDomainResponse,
            get_authorisation_domain: GetAuthorisationDomainRequest => GetAuthorisationDomainResponse,
            delete_authorisation_domain: DeleteAuthorisationDomainRequest => DeleteAuthorisationDomainResponse,
            get_authorities: GetAuthoritiesRequest => GetAuthoritiesResponse,
            create_authority: CreateAuthorityRequest => CreateAuthorityResponse,
            get_authority: GetAuthorityRequest => GetAuthorityResponse,
            update_authority: UpdateAuthorityRequest => UpdateAuthorityResponse,
            delete_authority: DeleteAuthorityRequest => DeleteAuthorityResponse,
            get_authority_authorisation_domains: GetAuthorityAuthorisationDomainsRequest => GetAuthorityAuthorisationDomainsResponse,
            create_authority_authorisation_domain: CreateAuthorityAuthorisationDomainRequest => CreateAuthorityAuthorisationDomainResponse,
            get_authority_authorisation_domain: GetAuthorityAuthorisationDomainRequest => GetAuthorityAuthorisationDomainResponse,
            activate_authority_authorisation_domain: ActivateAuthorityAuthorisationDomainRequest => ActivateAuthorityAuthorisationDomainResponse,
            delete_authority_authorisation_domain: DeleteAuthorityAuthorisationDomainRequest => DeleteAuthorityAuthorisationDomainResponse,
            get_authority_domain_mappings: GetAuthorityDomainMappingsRequest => GetAuthorityDomainMappingsResponse,
            get_terms_and_conditions_list: GetTermsAndConditionsListRequest => GetTermsAndConditionsListResponse,
            create_terms_and_conditions: CreateTermsAndConditionsRequest => CreateTermsAndConditionsResponse,
            get_terms_and_conditions: GetTermsAndConditionsRequest => GetTermsAndConditionsResponse,
            update_terms_and_conditions: UpdateTermsAndConditionsRequest => UpdateTermsAndConditionsResponse,
            delete_terms_and_conditions: DeleteTermsAndConditionsRequest => DeleteTermsAndConditionsResponse,
            create_user: CreateUserRequest => CreateUserResponse,
            get_user: GetUserRequest => GetUserResponse,
            get_user_tnc_history: GetUserTncHistoryRequest => GetUserTncHistoryResponse,
            accept_user_terms_and_conditions: AcceptUserTermsAndConditionsRequest => AcceptUserTermsAndConditionsResponse,
        }
    };
}

/// [`via_mock!`] for every operation of the directory.
#[macro_export]
macro_rules! all_operations_via_mock {
    () => {
        $crate::other_operations_via_mock!();
        $crate::via_mock! {
            refresh_clients: RefreshClientsRequest => RefreshClientsResponse,
            update_organisation: UpdateOrganisationRequest => UpdateOrganisationResponse,
        }
    };
}
