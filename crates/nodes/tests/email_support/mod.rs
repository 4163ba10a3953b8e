//! A small real SMTP server for the e-mail tests, on 127.0.0.1 (port chosen by the OS). It
//! speaks EHLO, AUTH PLAIN and LOGIN, MAIL, RCPT, DATA, RSET, NOOP and QUIT, records every
//! message it accepts, and has knobs to answer 4xx to the next N transactions, 5xx to one
//! recipient, or 535 to every login.
#![allow(dead_code)]

use base64::Engine as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// How the sink misbehaves.
#[derive(Debug, Clone, Default)]
pub struct Knobs {
    /// Answer the next this-many `MAIL FROM`s with `transient_reply` (e.g. "451 4.3.0 try later").
    pub transient_failures: usize,
    pub transient_reply: String,
    /// `RCPT TO` this address gets "550 5.1.1 mailbox unavailable".
    pub reject_recipient: Option<String>,
    /// The only username/password accepted; `None` accepts any login.
    pub login: Option<(String, String)>,
}

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    pub data: Vec<u8>,
    pub at: Instant,
    pub user: Option<String>,
}

#[derive(Default)]
struct State {
    received: Mutex<Vec<Received>>,
    transactions: AtomicUsize,
    transient_left: AtomicUsize,
}

pub struct SmtpSink {
    pub port: u16,
    state: Arc<State>,
}

impl SmtpSink {
    pub async fn start(knobs: Knobs) -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let state = Arc::new(State::default());
        state
            .transient_left
            .store(knobs.transient_failures, Ordering::SeqCst);
        let knobs = Arc::new(knobs);
        let shared = Arc::clone(&state);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (state, knobs) = (Arc::clone(&shared), Arc::clone(&knobs));
                tokio::spawn(async move {
                    let _ = session(stream, &state, &knobs).await;
                });
            }
        });
        SmtpSink { port, state }
    }

    /// The messages accepted so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.state.received.lock().expect("lock").clone()
    }

    /// How many `MAIL FROM`s arrived (accepted or not): send attempts.
    pub fn transactions(&self) -> usize {
        self.state.transactions.load(Ordering::SeqCst)
    }
}

fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}

fn address(arg: &str) -> String {
    let start = arg.find('<').map_or(0, |i| i + 1);
    let end = arg.find('>').unwrap_or(arg.len());
    arg.get(start..end).unwrap_or("").to_owned()
}

async fn session(stream: TcpStream, state: &State, knobs: &Knobs) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink ESMTP ready\r\n").await?;
    let (mut from, mut rcpt, mut user) = (String::new(), Vec::<String>::new(), None);
    let mut line = String::new();
    while read_line(&mut lines, &mut line).await? {
        let command = line.trim_end().to_owned();
        let upper = command.to_ascii_uppercase();
        let reply: String = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            "250-sink\r\n250-AUTH PLAIN LOGIN\r\n250-8BITMIME\r\n250 SMTPUTF8".into()
        } else if upper.starts_with("AUTH PLAIN") {
            let mut arg = command.get(10..).unwrap_or("").trim().to_owned();
            if arg.is_empty() {
                write.write_all(b"334 \r\n").await?;
                read_line(&mut lines, &mut line).await?;
                arg = line.trim().to_owned();
            }
            let decoded = b64(&arg);
            let mut parts = decoded.split('\0').skip(1);
            let (u, p) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            login(knobs, u, p, &mut user)
        } else if upper.starts_with("AUTH LOGIN") {
            write.write_all(b"334 VXNlcm5hbWU6\r\n").await?;
            read_line(&mut lines, &mut line).await?;
            let u = b64(&line);
            write.write_all(b"334 UGFzc3dvcmQ6\r\n").await?;
            read_line(&mut lines, &mut line).await?;
            let p = b64(&line);
            login(knobs, &u, &p, &mut user)
        } else if upper.starts_with("MAIL FROM:") {
            state.transactions.fetch_add(1, Ordering::SeqCst);
            let transient = state
                .transient_left
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok();
            if transient {
                knobs.transient_reply.clone()
            } else {
                from = address(&command);
                rcpt.clear();
                "250 2.1.0 ok".into()
            }
        } else if upper.starts_with("RCPT TO:") {
            let to = address(&command);
            if knobs.reject_recipient.as_deref() == Some(to.as_str()) {
                "550 5.1.1 mailbox unavailable".into()
            } else {
                rcpt.push(to);
                "250 2.1.5 ok".into()
            }
        } else if upper == "DATA" {
            write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
            let mut data = Vec::new();
            loop {
                if !read_line(&mut lines, &mut line).await? {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                let text = line.strip_prefix('.').unwrap_or(&line);
                data.extend_from_slice(text.as_bytes());
            }
            state.received.lock().expect("lock").push(Received {
                mail_from: std::mem::take(&mut from),
                rcpt_to: std::mem::take(&mut rcpt),
                data,
                at: Instant::now(),
                user: user.clone(),
            });
            "250 2.0.0 queued".into()
        } else if upper == "RSET" || upper == "NOOP" {
            "250 2.0.0 ok".into()
        } else if upper == "QUIT" {
            write.write_all(b"221 2.0.0 bye\r\n").await?;
            return Ok(());
        } else {
            "502 5.5.2 command not recognized".into()
        };
        write.write_all(format!("{reply}\r\n").as_bytes()).await?;
    }
    Ok(())
}

async fn read_line<R: tokio::io::AsyncBufRead + Unpin>(
    lines: &mut R,
    line: &mut String,
) -> std::io::Result<bool> {
    line.clear();
    Ok(lines.read_line(line).await? > 0)
}

fn login(knobs: &Knobs, u: &str, p: &str, user: &mut Option<String>) -> String {
    match &knobs.login {
        Some((eu, ep)) if eu != u || ep != p => {
            "535 5.7.8 Authentication credentials invalid".into()
        }
        _ => {
            *user = Some(u.to_owned());
            "235 2.7.0 Authentication successful".into()
        }
    }
}
