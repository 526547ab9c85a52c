//! The generated `directory-api` crate as a downstream crate uses it: [`Directory`], a small
//! in-memory implementation of the directory API's server side (served by the
//! `directory-server` binary), and the `directory-client` binary, which talks to it.
//!
//! The crate depends on `directory-api` alone; the code blocks of the repository's README and of
//! `generated/README.md` are compiled as its doc-tests.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use directory_api::models::Organisation;
use directory_api::responses::{RefreshClientsResponse, UpdateOrganisationResponse};
use directory_api::server::{
    Api, Credentials, Operation, RefreshClientsRequest, Unauthenticated, UpdateOrganisationRequest,
};

/// The token [`Directory`] accepts.
pub const TOKEN: &str = "example-token";

/// An in-memory directory: organisations by id, and a count of client-data refreshes.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    organisations: Arc<Mutex<BTreeMap<String, Organisation>>>,
    refreshes: Arc<Mutex<u32>>,
}

impl Directory {
    /// The organisation stored under `id`, if any.
    pub fn organisation(&self, id: &str) -> Option<Organisation> {
        self.organisations.lock().ok()?.get(id).cloned()
    }

    /// How many refreshes were asked for.
    pub fn refreshes(&self) -> u32 {
        self.refreshes.lock().map_or(0, |n| *n)
    }
}

impl Api for Directory {
    /// Who called: the token's owner.
    type Claims = String;

    async fn authenticate(
        &self,
        _operation: Operation,
        credentials: Credentials,
    ) -> Result<String, Unauthenticated> {
        match credentials {
            Credentials::Bearer { token, .. } if token == TOKEN => Ok("example".into()),
            _ => Err(Unauthenticated {
                message: "the token is not known".into(),
            }),
        }
    }

    async fn refresh_clients(
        &self,
        _caller: String,
        _request: RefreshClientsRequest,
    ) -> RefreshClientsResponse {
        if let Ok(mut n) = self.refreshes.lock() {
            *n += 1;
        }
        RefreshClientsResponse::Created {
            x_fapi_interaction_id: None,
        }
    }

    async fn update_organisation(
        &self,
        _caller: String,
        request: UpdateOrganisationRequest,
    ) -> UpdateOrganisationResponse {
        let id = request.params.organisation_id;
        let update = request.body;
        let organisation = Organisation::default()
            .with_organisation_id(id.clone())
            .with_organisation_name(update.organisation_name)
            .with_legal_entity_name(update.legal_entity_name)
            .with_address_line1(update.address_line1)
            .with_city(update.city)
            .with_postcode(update.postcode)
            .with_country(update.country);
        if let Ok(mut organisations) = self.organisations.lock() {
            organisations.insert(id, organisation.clone());
        }
        UpdateOrganisationResponse::Ok {
            body: organisation,
            x_fapi_interaction_id: None,
        }
    }
}

/// The repository's README: its Rust code blocks are compiled here.
#[doc = include_str!("../../README.md")]
pub mod readme {}

/// The generated crate's README: its Rust code blocks are compiled here.
#[doc = include_str!("../../generated/README.md")]
pub mod generated_readme {}
