//! `switchyard credentials add|list|test|remove`. Secrets go to the test-only file backend, so
//! these run everywhere; `through_the_real_keychain` uses the OS keychain when
//! `SWITCHYARD_KEYCHAIN_TESTS=1` (scripts/with-keyring.sh).

mod common;
mod credentials_support;

use credentials_support::*;
use serde_json::{Value, json};
use switchyard_fake_hubspot::FakeConfig;

const TOKEN: &str = "pat-na1-CREDTEST-0000-1111-2222-333333333333";

#[test]
fn add_reads_json_or_key_value_lines_and_list_shows_no_secret() {
    let w = World::with_file();
    let json_in = json!({ "token": TOKEN, "base_url": "http://127.0.0.1:9" }).to_string();
    let out = w.run(
        &[
            "credentials",
            "add",
            "hs",
            "--type",
            "hubspot.private_app",
            "--label",
            "Main portal",
        ],
        Some(&json_in),
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let test_lines = "# the sandbox\ntoken = pat-na1-TEST-SECRET\nbase_url=http://127.0.0.1:8\n";
    let out = w.run(
        &[
            "credentials",
            "add",
            "hs",
            "--type",
            "hubspot.private_app",
            "--env",
            "test",
        ],
        Some(test_lines),
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let smtp =
        "host=mail.example.com\nport=587\nusername=robot\npassword=smtp-SECRET-pw\ntls=true\n";
    let out = w.run(
        &["credentials", "add", "mail", "--type", "smtp"],
        Some(smtp),
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);

    // The secrets reached the secret store, whole.
    let stored: Value = serde_json::from_str(
        &std::fs::read_to_string(w.secrets.as_ref().expect("file")).expect("read"),
    )
    .expect("json");
    let prod: Value = serde_json::from_str(stored["hs"].as_str().expect("hs")).expect("json");
    assert_eq!(prod["token"], TOKEN);
    assert_eq!(prod["type"], "hubspot.private_app");
    let test: Value =
        serde_json::from_str(stored["hs#test"].as_str().expect("hs#test")).expect("json");
    assert_eq!(test["token"], "pat-na1-TEST-SECRET");

    let text = w.run(&["credentials", "list"], None);
    let json_out = w.run(&["credentials", "list", "--json"], None);
    for out in [&text, &json_out] {
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
        for secret in [TOKEN, "pat-na1-TEST-SECRET", "smtp-SECRET-pw"] {
            assert!(!out.stdout.contains(secret), "{}", out.stdout);
            assert!(!out.stderr.contains(secret), "{}", out.stderr);
        }
    }
    assert!(
        text.stdout
            .contains("hs  hubspot.private_app  [production, test]  \"Main portal\""),
        "{}",
        text.stdout
    );
    let list = json_out.json();
    assert_eq!(list.as_array().map(Vec::len), Some(2), "{list:#}");
    let hs = &list[0];
    assert_eq!(hs["id"], "hs");
    assert_eq!(hs["type"], "hubspot.private_app");
    assert_eq!(hs["label"], "Main portal");
    assert_eq!(hs["envs"], json!(["production", "test"]));
    assert_eq!(
        hs["fields"]["production"],
        json!({ "base_url": "http://127.0.0.1:9" })
    );
    assert_eq!(
        hs["fields"]["test"],
        json!({ "base_url": "http://127.0.0.1:8" })
    );
    let mail = &list[1];
    assert_eq!(
        mail["fields"]["production"],
        json!({ "host": "mail.example.com", "port": 587, "username": "robot", "tls": true })
    );
    // Nor is any secret in the database.
    let db = std::fs::read(&w.db).expect("db");
    let wal = std::fs::read(w.db.with_extension("db-wal")).unwrap_or_default();
    for secret in [TOKEN, "pat-na1-TEST-SECRET", "smtp-SECRET-pw"] {
        assert!(
            !contains(&db, secret) && !contains(&wal, secret),
            "{secret} in the database"
        );
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn add_refuses_secrets_in_arguments_unknown_types_and_missing_fields() {
    let w = World::with_file();
    let refused = [
        (
            vec![
                "credentials",
                "add",
                "hs",
                "--type",
                "http.bearer",
                "--token",
                "arg-SECRET-1",
            ],
            "no secret values on the command line",
        ),
        (
            vec![
                "credentials",
                "add",
                "hs",
                "--type",
                "http.bearer",
                "token=arg-SECRET-1",
            ],
            "no secret values on the command line",
        ),
        (
            vec!["credentials", "add", "hs", "--type", "ftp"],
            "unknown credential type \"ftp\"",
        ),
        (
            vec!["credentials", "add", "bad id", "--type", "hmac"],
            "is not valid",
        ),
    ];
    for (args, message) in refused {
        let out = w.run(&args, Some(r#"{"token": "stdin-SECRET-2"}"#));
        assert_eq!(out.code, 2, "{args:?}: {}{}", out.stdout, out.stderr);
        assert!(out.stderr.contains(message), "{args:?}: {}", out.stderr);
        assert!(
            !out.stderr.contains("arg-SECRET-1") && !out.stderr.contains("stdin-SECRET-2"),
            "{}",
            out.stderr
        );
    }
    let out = w.run(
        &["credentials", "add", "oa", "--type", "hubspot.oauth"],
        Some("client_secret=cs-SECRET-3\n"),
    );
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("missing client_id"), "{}", out.stderr);
    assert!(!out.stderr.contains("cs-SECRET-3"), "{}", out.stderr);
    let out = w.run(
        &["credentials", "add", "h", "--type", "hmac"],
        Some("secret=s\nbogus=x\n"),
    );
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no field \"bogus\""), "{}", out.stderr);
    let out = w.run(&["credentials", "add", "h", "--type", "hmac"], None);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("no secret fields on stdin"),
        "{}",
        out.stderr
    );
    let out = w.run(
        &["credentials", "add", "h", "--type", "hmac"],
        Some("{\"secret\": \"x-SECRET-4\""),
    );
    assert_eq!(out.code, 2);
    assert!(!out.stderr.contains("x-SECRET-4"), "{}", out.stderr);
    // Nothing was stored.
    let list = w.run(&["credentials", "list", "--json"], None);
    assert_eq!(list.json(), json!([]));
}

#[test]
fn the_insecure_file_backend_needs_explicit_permission() {
    let w = World::with_file();
    let mut command = w.command(&["credentials", "add", "h", "--type", "hmac"]);
    command.env_remove("SWITCHYARD_ALLOW_INSECURE_SECRETS");
    let out = run_command(command, Some("secret=abc"));
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("SWITCHYARD_ALLOW_INSECURE_SECRETS=1"),
        "{}",
        out.stderr
    );
    assert!(!w.secrets.as_ref().expect("file").exists());
}

#[test]
fn test_checks_hubspot_scopes_against_hubspot() {
    let fake = Fake::start(
        FakeConfig::default().with_token("pat-na1-NO-DEALS-WRITE", &scopes_without_deals_write()),
    );
    let w = World::with_file();
    let add = |id: &str, token: &str| {
        let fields = json!({ "token": token, "base_url": fake.base_url() }).to_string();
        let out = w.run(
            &["credentials", "add", id, "--type", "hubspot.private_app"],
            Some(&fields),
        );
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    };
    add("good", fake.token());
    add("partial", "pat-na1-NO-DEALS-WRITE");
    add("wrong", "pat-na1-UNKNOWN-TOKEN");

    let good = w.run(&["credentials", "test", "good"], None);
    assert_eq!(good.code, 0, "{}{}", good.stdout, good.stderr);
    assert!(
        good.stdout.contains("granted 10 scope(s)"),
        "{}",
        good.stdout
    );
    assert!(
        good.stdout.contains("crm.objects.deals.write"),
        "{}",
        good.stdout
    );
    assert!(!good.stdout.contains(fake.token()), "{}", good.stdout);
    let json_good = w
        .run(&["credentials", "test", "good", "--json"], None)
        .json();
    assert_eq!(json_good["ok"], true);
    assert_eq!(json_good["env"], "production");

    let partial = w.run(&["credentials", "test", "partial"], None);
    assert_eq!(partial.code, 1, "{}{}", partial.stdout, partial.stderr);
    assert!(
        partial
            .stdout
            .contains("deals.write: missing crm.objects.deals.write"),
        "{}",
        partial.stdout
    );
    assert!(
        partial.stdout.contains("FAILED: 1 operation(s)"),
        "{}",
        partial.stdout
    );
    let report = w.run(&["credentials", "test", "partial", "--json"], None);
    assert_eq!(report.code, 1);
    let report = report.json();
    assert_eq!(report["ok"], false);
    let lacking: Vec<&Value> = report["operations"]
        .as_array()
        .expect("operations")
        .iter()
        .filter(|op| op["missing"] != json!([]))
        .collect();
    assert_eq!(lacking.len(), 1, "{report:#}");
    assert_eq!(lacking[0]["operation"], "deals.write");
    assert_eq!(lacking[0]["missing"], json!(["crm.objects.deals.write"]));

    let wrong = w.run(&["credentials", "test", "wrong"], None);
    assert_eq!(wrong.code, 1, "{}{}", wrong.stdout, wrong.stderr);
    assert!(wrong.stdout.contains("FAILED"), "{}", wrong.stdout);
    assert!(
        !wrong.stdout.contains("pat-na1-UNKNOWN-TOKEN"),
        "{}",
        wrong.stdout
    );

    let unknown = w.run(&["credentials", "test", "nobody"], None);
    assert_eq!(unknown.code, 1, "{}{}", unknown.stdout, unknown.stderr);
    assert!(unknown.stderr.contains("not set up"), "{}", unknown.stderr);
}

#[test]
fn test_checks_other_types_for_their_fields_and_prefers_the_test_secret() {
    let w = World::with_file();
    let out = w.run(
        &["credentials", "add", "api", "--type", "http.bearer"],
        Some("token=abc"),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let ok = w.run(&["credentials", "test", "api"], None);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    assert!(
        ok.stdout.contains("resolves and has every required field"),
        "{}",
        ok.stdout
    );
    // A test run's secret falls back to production's.
    assert_eq!(
        w.run(&["credentials", "test", "api", "--env", "test"], None)
            .code,
        0
    );

    // A secret given in the environment without its required field fails the check.
    let mut command = w.command(&["credentials", "test", "mail", "--json"]);
    command.env(
        "SWITCHYARD_CREDENTIAL_MAIL",
        json!({ "type": "smtp", "host": "h", "port": 25, "username": "u" }).to_string(),
    );
    let out = run_command(command, None);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert_eq!(out.json()["missing_fields"], json!(["password"]));
}

#[test]
fn remove_forgets_secrets_and_metadata() {
    let w = World::with_file();
    assert_eq!(
        w.run(
            &["credentials", "add", "sig", "--type", "hmac"],
            Some("secret=s1")
        )
        .code,
        0
    );
    assert_eq!(
        w.run(
            &[
                "credentials",
                "add",
                "sig",
                "--type",
                "hmac",
                "--env",
                "test"
            ],
            Some("secret=s2")
        )
        .code,
        0
    );
    let out = w.run(&["credentials", "remove", "sig"], None);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(
        w.run(&["credentials", "list", "--json"], None).json(),
        json!([])
    );
    assert_eq!(w.run(&["credentials", "test", "sig"], None).code, 1);
    assert_eq!(
        w.run(&["credentials", "test", "sig", "--env", "test"], None)
            .code,
        1
    );
    let again = w.run(&["credentials", "remove", "sig"], None);
    assert_eq!(again.code, 1, "{}{}", again.stdout, again.stderr);
    assert!(
        again.stderr.contains("no credential \"sig\""),
        "{}",
        again.stderr
    );
}

/// The OS keychain itself: add, test against the fake, list, remove.
#[test]
fn through_the_real_keychain() {
    if !keychain_available() {
        eprintln!("not run: no throwaway Secret Service (use scripts/with-keyring.sh)");
        return;
    }
    let fake = Fake::start(FakeConfig::default());
    let w = World::with_keychain();
    let id = unique_id("keychain-hs");
    let fields = json!({ "token": fake.token(), "base_url": fake.base_url() }).to_string();
    let out = w.run(
        &["credentials", "add", &id, "--type", "hubspot.private_app"],
        Some(&fields),
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("OS keychain"), "{}", out.stdout);
    let test = w.run(&["credentials", "test", &id], None);
    assert_eq!(test.code, 0, "{}{}", test.stdout, test.stderr);
    let list = w.run(&["credentials", "list"], None);
    assert!(
        list.stdout.contains(&id) && !list.stdout.contains(fake.token()),
        "{}",
        list.stdout
    );
    let db = std::fs::read(&w.db).expect("db");
    assert!(!contains(&db, fake.token()));
    assert_eq!(w.run(&["credentials", "remove", &id], None).code, 0);
    assert_eq!(w.run(&["credentials", "test", &id], None).code, 1);
}
