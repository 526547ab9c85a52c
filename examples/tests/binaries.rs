//! The example binaries as a user runs them: `directory-server` on a free port, then
//! `directory-client` against it, which exits 0 only when every answer is as the spec says.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn the_client_talks_to_the_server() {
    let mut server = Command::new(env!("CARGO_BIN_EXE_directory-server"))
        .arg("127.0.0.1:0")
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let mut first = String::new();
    BufReader::new(server.stderr.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .rsplit(' ')
        .next()
        .expect("the server says where it listens")
        .to_owned();
    let output = Command::new(env!("CARGO_BIN_EXE_directory-client"))
        .arg(&url)
        .output()
        .expect("the client runs");
    let _ = server.kill();
    let _ = server.wait();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for line in [
        "updated: {",
        "refused before sending:\nbody/AddressLine1: must be at least 5 characters long (minLength), found 3",
        "unknown token: 401",
        "refresh requested",
    ] {
        assert!(stdout.contains(line), "{line:?} in\n{stdout}");
    }
}
