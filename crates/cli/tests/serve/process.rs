//! The real `switchyard serve` binary as a child process: started on a free port, its address
//! read from its log, stopped with SIGTERM or killed.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub struct Served {
    pub child: Child,
    pub addr: SocketAddr,
    /// Log lines after startup.
    #[allow(dead_code)]
    pub log: mpsc::Receiver<String>,
}

/// Starts `switchyard serve --dir DIR --db DB --listen 127.0.0.1:0 ARGS…` and waits (bounded)
/// until it says it is up.
pub fn serve(dir: &Path, db: &Path, args: &[&str]) -> Served {
    let mut command = Command::new(env!("CARGO_BIN_EXE_switchyard"));
    super::common::guarded(&mut command)
        .args(["serve", "--dir"])
        .arg(dir)
        .arg("--db")
        .arg(db)
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .env("SWITCHYARD_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("switchyard serve starts");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, log) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let addr = loop {
        let line = match log.recv_timeout(Duration::from_secs(30)) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                panic!("serve did not come up; its log:\n{}", seen.join("\n"));
            }
        };
        if line.contains("serve is up")
            && let Some(addr) = line
                .split_whitespace()
                .find_map(|w| w.strip_prefix("listen="))
                .and_then(|a| a.parse().ok())
        {
            break addr;
        }
        seen.push(line);
    };
    Served { child, addr, log }
}

impl Served {
    /// SIGTERM, then waits (bounded) for the exit code.
    pub fn terminate(mut self) -> Option<i32> {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        for _ in 0..300 {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("serve did not stop within 15 s of SIGTERM");
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
