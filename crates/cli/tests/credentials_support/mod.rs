//! Helpers for the credential and usage tests: a scratch folder with a history database and a
//! secret store (the real OS keychain when `SWITCHYARD_KEYCHAIN_TESTS=1` and the test asks for
//! it, else the test-only plain-text file backend), the binary run with stdin, and the fake
//! HubSpot on a runtime of its own.
#![allow(dead_code)]

use crate::common::{Output, guarded, path_str};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use switchyard_fake_hubspot::{FakeConfig, FakeHubSpot};

/// Whether the real keychain (a throwaway Secret Service) is there to test against.
pub fn keychain_available() -> bool {
    std::env::var("SWITCHYARD_KEYCHAIN_TESTS").as_deref() == Ok("1")
}

/// A scratch world for one test.
pub struct World {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    /// The plain-text secret file, unless the real keychain is used.
    pub secrets: Option<PathBuf>,
}

impl World {
    /// Secrets in the test-only file backend.
    pub fn with_file() -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        World {
            db: dir.path().join("history.db"),
            secrets: Some(dir.path().join("secrets.json")),
            dir,
        }
    }

    /// Secrets in the real keychain (service `switchyard`; use [`unique_id`]s).
    pub fn with_keychain() -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        World {
            db: dir.path().join("history.db"),
            secrets: None,
            dir,
        }
    }

    /// The real keychain when available, else the file.
    pub fn any() -> World {
        if keychain_available() {
            World::with_keychain()
        } else {
            World::with_file()
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn db_str(&self) -> &str {
        path_str(&self.db)
    }

    /// The binary with this world's database and secret store.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_switchyard"));
        guarded(&mut command)
            .env("SWITCHYARD_DB", &self.db)
            .env("RUST_LOG", "trace")
            .env("SWITCHYARD_LOG", "trace")
            .args(args);
        match &self.secrets {
            Some(file) => command
                .env(
                    "SWITCHYARD_SECRET_BACKEND",
                    format!("file:{}", path_str(file)),
                )
                .env("SWITCHYARD_ALLOW_INSECURE_SECRETS", "1"),
            None => command
                .env_remove("SWITCHYARD_SECRET_BACKEND")
                .env_remove("SWITCHYARD_ALLOW_INSECURE_SECRETS"),
        };
        command
    }

    /// Runs the binary with `stdin` piped in (or an empty, closed stdin).
    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        run_command(self.command(args), stdin)
    }
}

/// Runs a prepared command with `stdin` piped in.
pub fn run_command(mut command: Command, stdin: Option<&str>) -> Output {
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the switchyard binary starts");
    {
        let mut pipe = child.stdin.take().expect("stdin");
        if let Some(text) = stdin {
            pipe.write_all(text.as_bytes()).expect("stdin written");
        }
    }
    let output = child
        .wait_with_output()
        .expect("the switchyard binary runs");
    Output {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A credential id no other test (or process) uses: the keychain is shared.
pub fn unique_id(base: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!(
        "{base}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// The fake HubSpot, served by a runtime the test keeps while it runs the binary.
pub struct Fake {
    pub fake: FakeHubSpot,
    _runtime: tokio::runtime::Runtime,
}

impl Fake {
    pub fn start(config: FakeConfig) -> Fake {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let fake = runtime
            .block_on(FakeHubSpot::start(config))
            .expect("fake HubSpot starts");
        Fake {
            fake,
            _runtime: runtime,
        }
    }

    pub fn base_url(&self) -> &str {
        self.fake.base_url()
    }
}

impl std::ops::Deref for Fake {
    type Target = FakeHubSpot;
    fn deref(&self) -> &FakeHubSpot {
        &self.fake
    }
}

/// Every scope except `crm.objects.deals.write`.
pub fn scopes_without_deals_write() -> Vec<&'static str> {
    switchyard_fake_hubspot::ALL_SCOPES
        .iter()
        .copied()
        .filter(|s| *s != "crm.objects.deals.write")
        .collect()
}
