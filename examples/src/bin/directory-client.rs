//! Talks to a directory server (`directory-server`): `directory-client URL`. Updates an
//! organisation, shows that a request breaking the spec is refused before it is sent and that
//! the server refuses unknown credentials, and asks for a refresh. Exits non-zero when anything
//! is not as the spec says.

use std::process::ExitCode;

use directory_api::client::{Client, ClientError};
use directory_api::models::{
    OrganisationUpdateRequest, RefreshClientsParams, UpdateOrganisationParams,
};
use directory_api::responses::{RefreshClientsResponse, UpdateOrganisationResponse};
use directory_api::tokio;
use directory_examples::TOKEN;

#[tokio::main(crate = "directory_api::tokio")]
async fn main() -> ExitCode {
    let Some(url) = std::env::args().nth(1) else {
        eprintln!("usage: directory-client URL");
        return ExitCode::from(2);
    };
    match run(&url).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("directory-client: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(url: &str) -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::new(url).with_bearer_token(TOKEN);
    let update = OrganisationUpdateRequest::new(
        "10 Downing Street",
        "London",
        "Companies House",
        "GB",
        "GB",
        "Example Bank plc",
        "Example Bank",
        "SW1A 2AA",
        "00000001",
    );
    let params = UpdateOrganisationParams::new("org-1");
    match client.update_organisation(&params, &update).await? {
        UpdateOrganisationResponse::Ok { body, .. } => {
            println!("updated: {}", directory_api::serde_json::to_string(&body)?);
        }
        other => return Err(format!("unexpected answer {other:?}").into()),
    }

    let mut bad = update.clone();
    bad.address_line1 = "abc".into();
    match client.update_organisation(&params, &bad).await {
        Err(ClientError::InvalidRequest(errors)) => println!("refused before sending:\n{errors}"),
        other => return Err(format!("a bad request was not refused: {other:?}").into()),
    }

    let stranger = Client::new(url).with_bearer_token("not-the-token");
    match stranger
        .refresh_clients(&RefreshClientsParams::default())
        .await?
    {
        RefreshClientsResponse::Unauthorized { .. } => println!("unknown token: 401"),
        other => return Err(format!("an unknown token was accepted: {other:?}").into()),
    }

    match client
        .refresh_clients(&RefreshClientsParams::default().with_page(1))
        .await?
    {
        RefreshClientsResponse::Created { .. } => println!("refresh requested"),
        other => return Err(format!("unexpected answer {other:?}").into()),
    }
    Ok(())
}
