//! Throughput of the generated router against a hand-written axum handler that only
//! deserialises the same body (no validation), measured in one run over real HTTP on 127.0.0.1.
//!
//! `cargo bench -p tests --bench throughput [-- SECONDS [CONNECTIONS]]` (defaults: 5 s per round,
//! 32 connections). The load comes from `wrk` when it is installed (`apt-get install wrk`: a
//! separate, lean process), else from an in-process reqwest client (which competes with the
//! servers for the CPU, so its figures are lower and noisier). Rounds alternate between the two
//! servers (A B A B A B) so that drift in the machine's speed hits both alike; each server's
//! figure is its best round. It also prints the CPU time per request of each router called
//! in-process (no network), a steadier figure of the same cost.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::Path;
use directory_api::models::{Organisation, OrganisationUpdateRequest};
use directory_api::responses::{RefreshClientsResponse, UpdateOrganisationResponse};
use directory_api::server::{
    Api, Credentials, Operation, RefreshClientsRequest, Unauthenticated, UpdateOrganisationRequest,
};

/// The trivial implementation: accepts every token, answers 200 with an empty organisation.
struct Trivial;

impl Api for Trivial {
    type Claims = ();

    async fn authenticate(&self, _: Operation, _: Credentials) -> Result<(), Unauthenticated> {
        Ok(())
    }

    async fn refresh_clients(&self, _: (), _: RefreshClientsRequest) -> RefreshClientsResponse {
        RefreshClientsResponse::Created {
            x_fapi_interaction_id: None,
        }
    }

    async fn update_organisation(
        &self,
        _: (),
        request: UpdateOrganisationRequest,
    ) -> UpdateOrganisationResponse {
        UpdateOrganisationResponse::Ok {
            body: organisation(&request.params.organisation_id),
            x_fapi_interaction_id: None,
        }
    }

    tests::other_operations_via_mock!();
}

impl Trivial {
    /// The other operations (not measured) answer like the mock, unrecorded.
    fn record(&self, _: &'static str, _: &dyn std::fmt::Debug) {}
}

fn organisation(id: &str) -> Organisation {
    let mut o: Organisation = serde_json::from_str("{}").expect("every member is optional");
    o.organisation_id = Some(id.to_owned());
    o
}

/// The baseline: axum's own path and JSON extractors, no validation, same response.
async fn hand_written(
    Path(id): Path<String>,
    Json(_body): Json<OrganisationUpdateRequest>,
) -> Json<Organisation> {
    Json(organisation(&id))
}

const BODY: &str = r#"{"AddressLine1":"10 Downing Street","AddressLine2":"Westminster","City":"London","CompanyRegister":"Companies House","Country":"United Kingdom","CountryOfRegistration":"GB","Flags":["f81d4fae-7dec-11d0-a765-00a0c91e6bf6"],"LegalEntityName":"Example Bank plc","LogoUri":"https://www.example.com/assets/logo.png","OrganisationName":"Example Bank","ParentOrganisationReference":"Example Group Holdings","Postcode":"SW1A 2AA","RegisteredName":"Example Bank Public Limited Company","RegistrationId":"213800EXAMPLE0LEI123","RegistrationNumber":"01234567","RequiresParticipantTermsAndConditionsSigning":true,"Size":"Large","Status":"Pending"}"#;

async fn serve(app: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// Requests per second from `wrk`, or `None` when it is not installed.
async fn wrk(addr: SocketAddr, duration: Duration, connections: usize) -> Option<f64> {
    let script = std::env::temp_dir().join("directory-throughput.lua");
    let body = BODY.replace('\\', "\\\\").replace('\'', "\\'");
    std::fs::write(
        &script,
        format!(
            "wrk.method = 'PUT'\nwrk.body = '{body}'\nwrk.headers['Content-Type'] = 'application/json'\n\
             wrk.headers['Authorization'] = 'Bearer token'\n\
             wrk.headers['x-fapi-interaction-id'] = '73cac523-d3ae-2289-b106-330a6218710d'\n"
        ),
    )
    .ok()?;
    let output = tokio::process::Command::new("wrk")
        .args([
            "-t1",
            &format!("-c{connections}"),
            &format!("-d{}s", duration.as_secs_f64().ceil()),
        ])
        .arg("-s")
        .arg(&script)
        .arg(format!("http://{addr}/organisations/org-1"))
        .output()
        .await
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(!text.contains("Non-2xx"), "wrk saw errors:\n{text}");
    text.lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
}

/// Requests per second over `duration` with `connections` concurrent keep-alive clients: `wrk`
/// when installed, else the in-process client.
async fn load(addr: SocketAddr, duration: Duration, connections: usize) -> f64 {
    match wrk(addr, duration, connections).await {
        Some(rate) => rate,
        None => client_load(addr, duration, connections).await,
    }
}

/// The in-process load generator.
async fn client_load(addr: SocketAddr, duration: Duration, connections: usize) -> f64 {
    let done = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicU64::new(0));
    let url = format!("http://{addr}/organisations/org-1");
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (done, count, url) = (done.clone(), count.clone(), url.clone());
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(1)
            .build()
            .unwrap();
        tasks.push(tokio::spawn(async move {
            while !done.load(Ordering::Relaxed) {
                let response = client
                    .put(&url)
                    .header("authorization", "Bearer token")
                    .header("content-type", "application/json")
                    .header(
                        "x-fapi-interaction-id",
                        "73cac523-d3ae-2289-b106-330a6218710d",
                    )
                    .body(BODY)
                    .send()
                    .await
                    .expect("the server answers");
                assert_eq!(response.status(), 200);
                response.bytes().await.unwrap();
                count.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    let start = Instant::now();
    tokio::time::sleep(duration).await;
    done.store(true, Ordering::Relaxed);
    let elapsed = start.elapsed();
    for t in tasks {
        t.await.unwrap();
    }
    count.load(Ordering::Relaxed) as f64 / elapsed.as_secs_f64()
}

/// Microseconds per request when the router is called in-process, without the network.
async fn in_process(app: axum::Router, requests: u32) -> f64 {
    use tower::ServiceExt;
    let start = Instant::now();
    for _ in 0..requests {
        let request = axum::http::Request::put("/organisations/org-1")
            .header("authorization", "Bearer token")
            .header("content-type", "application/json")
            .header(
                "x-fapi-interaction-id",
                "73cac523-d3ae-2289-b106-330a6218710d",
            )
            .body(axum::body::Body::from(BODY))
            .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), 200);
        axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
    }
    start.elapsed().as_secs_f64() * 1e6 / f64::from(requests)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let seconds: f64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(5.0);
    let connections: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(32);
    let duration = Duration::from_secs_f64(seconds);

    let generated_app = directory_api::server::router(Trivial);
    let baseline_app =
        axum::Router::new().route("/organisations/{id}", axum::routing::put(hand_written));
    let (mut cpu_generated, mut cpu_baseline) = (f64::MAX, f64::MAX);
    for _ in 0..3 {
        cpu_generated = cpu_generated.min(in_process(generated_app.clone(), 20_000).await);
        cpu_baseline = cpu_baseline.min(in_process(baseline_app.clone(), 20_000).await);
    }
    println!(
        "in-process CPU per request: generated {cpu_generated:.2} us, hand-written {cpu_baseline:.2} us (+{:.2} us)",
        cpu_generated - cpu_baseline
    );
    let generated = serve(generated_app).await;
    let baseline = serve(baseline_app).await;

    // Warm up both.
    load(generated, Duration::from_millis(500), connections).await;
    load(baseline, Duration::from_millis(500), connections).await;

    let (mut best_generated, mut best_baseline) = (0f64, 0f64);
    for round in 1..=3 {
        let g = load(generated, duration, connections).await;
        let b = load(baseline, duration, connections).await;
        println!("round {round}: generated {g:.0} req/s, hand-written {b:.0} req/s");
        best_generated = best_generated.max(g);
        best_baseline = best_baseline.max(b);
    }
    let overhead = (1.0 - best_generated / best_baseline) * 100.0;
    println!(
        "PUT /organisations/{{id}}, {connections} connections, best of 3 x {seconds} s: generated {best_generated:.0} req/s, \
         hand-written (deserialise only) {best_baseline:.0} req/s: validation and extraction cost {overhead:.1}% of throughput"
    );
}
