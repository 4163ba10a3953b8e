//! `credentials add --type google.oauth`: the browser sign-in over a loopback redirect with
//! PKCE, against the fake Google token endpoint. The test plays the browser: it reads the
//! consent address the command prints, has the fake grant a code for its PKCE challenge, and
//! follows the redirect to the command's loopback listener.

mod common;
mod credentials_support;

use credentials_support::World;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::Stdio;
use switchyard_fake_sheets::{FakeConfig, FakeSheets, OAuthClient};

fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| percent_decode(v))
    })
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn signing_in_through_the_browser_stores_a_refresh_token() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let client = OAuthClient {
        client_id: "cid".into(),
        client_secret: "csecret".into(),
        refresh_token: "unused".into(),
    };
    let fake = runtime
        .block_on(FakeSheets::start(FakeConfig {
            oauth: Some(client),
            ..FakeConfig::default()
        }))
        .expect("fake Google");
    let w = World::with_file();
    let input = json!({
        "client_id": "cid",
        "client_secret": "csecret",
        "token_url": fake.token_url(),
        "auth_url": "http://127.0.0.1:9/o/oauth2/v2/auth"
    })
    .to_string();
    let mut command = w.command(&["credentials", "add", "sheets", "--type", "google.oauth"]);
    command
        .env("PATH", "/nonexistent")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("start");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut consent = None;
    for _ in 0..20 {
        let mut line = String::new();
        if stderr.read_line(&mut line).expect("read") == 0 {
            break;
        }
        if let Some(at) = line.find("http://127.0.0.1:9/") {
            consent = Some(line[at..].trim().to_owned());
            break;
        }
    }
    let consent = consent.expect("the command prints the consent address");
    let redirect = query_param(&consent, "redirect_uri").expect("redirect_uri");
    let state = query_param(&consent, "state").expect("state");
    let challenge = query_param(&consent, "code_challenge").expect("code_challenge");
    assert_eq!(
        query_param(&consent, "code_challenge_method").as_deref(),
        Some("S256")
    );
    assert!(redirect.starts_with("http://127.0.0.1:"), "{redirect}");
    fake.grant_code("code-123", &challenge);

    // The browser follows Google's redirect to the loopback listener.
    let authority = redirect
        .trim_start_matches("http://")
        .split('/')
        .next()
        .expect("host")
        .to_owned();
    let path = redirect
        .trim_start_matches("http://")
        .split_once('/')
        .map_or("/".to_owned(), |(_, p)| format!("/{p}"));
    let mut stream = std::net::TcpStream::connect(&authority).expect("connect to the listener");
    write!(stream, "GET {path}?code=code-123&state={state} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n").expect("send");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    let status = child.wait().expect("wait");
    let mut rest = String::new();
    let _ = stderr.read_to_string(&mut rest);
    assert!(status.success(), "{rest}");
    let stored: Value = serde_json::from_str(
        &std::fs::read_to_string(w.secrets.as_ref().expect("file")).expect("read"),
    )
    .expect("json");
    let credential: Value =
        serde_json::from_str(stored["sheets"].as_str().expect("stored")).expect("json");
    assert_eq!(credential["type"], "google.oauth");
    assert!(
        credential["refresh_token"]
            .as_str()
            .is_some_and(|t| !t.is_empty()),
        "{credential}"
    );
}
