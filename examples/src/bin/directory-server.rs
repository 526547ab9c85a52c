//! Serves [`directory_examples::Directory`]: `directory-server [ADDR]` (default 127.0.0.1:8080).
//! The first line on stderr says where it listens.

use directory_api::{axum, server::router, tokio};
use directory_examples::Directory;

#[tokio::main(crate = "directory_api::tokio")]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".into());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    eprintln!("directory listening on http://{}", listener.local_addr()?);
    axum::serve(listener, router(Directory::default())).await
}
