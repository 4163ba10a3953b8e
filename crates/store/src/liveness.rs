//! Which process owns a run, whether it is still alive, and marking the runs of dead processes
//! `interrupted`.
//!
//! On Linux a process is identified by its pid *and* its start time (field 22 of
//! `/proc/<pid>/stat`, in clock ticks since boot), so a pid reused by a later process is not
//! taken for the one that started the run. Elsewhere the check falls back to "the pid exists".

use crate::error::{DbFile, Result};
use rusqlite::{Connection, TransactionBehavior, params};
use switchyard_engine::{ErrorKind, RunError, Timestamp};

/// The message stored on runs whose process ended before they finished.
pub const INTERRUPTED_MESSAGE: &str = "the process running this run ended before it finished";

/// A process, as stored with the runs it records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcessIdentity {
    /// The process id.
    pub pid: u32,
    /// When it started (Linux: clock ticks since boot); `None` where that cannot be read.
    pub start: Option<u64>,
}

impl ProcessIdentity {
    /// This process.
    pub fn current() -> Self {
        let pid = std::process::id();
        Self {
            pid,
            start: process_start(pid),
        }
    }

    /// Whether this process is still running (and is the same process, not a reuse of its pid).
    pub fn is_alive(&self) -> bool {
        is_alive(self.pid, self.start)
    }
}

/// Field 22 (`starttime`) of `/proc/<pid>/stat`, and whether the process is a zombie.
#[cfg(target_os = "linux")]
fn read_stat(pid: u32) -> Option<(u64, bool)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (comm) state ...`: comm may hold spaces and parentheses, so split after the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // rest starts at field 3 (state); field 22 is at index 22 - 3.
    let zombie = matches!(fields.first(), Some(&"Z") | Some(&"X"));
    let start = fields.get(19)?.parse().ok()?;
    Some((start, zombie))
}

#[cfg(target_os = "linux")]
fn process_start(pid: u32) -> Option<u64> {
    read_stat(pid).map(|(start, _)| start)
}

#[cfg(not(target_os = "linux"))]
fn process_start(_pid: u32) -> Option<u64> {
    None
}

#[cfg(target_os = "linux")]
fn is_alive(pid: u32, start: Option<u64>) -> bool {
    if !std::path::Path::new("/proc/self/stat").exists() {
        // No /proc: we cannot tell, and a live run must never be marked interrupted.
        return true;
    }
    match read_stat(pid) {
        None => false,
        Some((_, true)) => false,
        Some((actual, false)) => start.is_none_or(|expected| expected == actual),
    }
}

#[cfg(all(unix, not(target_os = "linux")))]
fn is_alive(pid: u32, _start: Option<u64>) -> bool {
    // `kill -0` asks whether the pid exists without sending anything.
    match std::process::Command::new("kill")
        .args(["-0", &pid.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
    {
        Ok(status) => status.success(),
        Err(_) => true,
    }
}

#[cfg(windows)]
fn is_alive(pid: u32, _start: Option<u64>) -> bool {
    match std::process::Command::new("tasklist")
        .args(["/FI", &format!("PID eq {pid}"), "/NH", "/FO", "CSV"])
        .output()
    {
        Ok(out) => String::from_utf8_lossy(&out.stdout).contains(&format!("\"{pid}\"")),
        Err(_) => true,
    }
}

#[cfg(not(any(unix, windows)))]
fn is_alive(_pid: u32, _start: Option<u64>) -> bool {
    true
}

/// The error recorded on an interrupted run.
pub fn interrupted_error() -> RunError {
    RunError {
        node: String::new(),
        kind: ErrorKind::Cancelled,
        message: INTERRUPTED_MESSAGE.to_owned(),
    }
}

/// Marks `interrupted` every `running` run whose owning process is gone; returns their ids.
pub(crate) fn mark_interrupted(conn: &mut Connection, file: &DbFile) -> Result<Vec<String>> {
    let read = file.fail("look for runs left running");
    let mut dead = Vec::new();
    {
        let mut stmt = conn
            .prepare("SELECT id, owner_pid, owner_start FROM runs WHERE status = 'running'")
            .map_err(&read)?;
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<i64>>(1)?,
                    row.get::<_, Option<i64>>(2)?,
                ))
            })
            .map_err(&read)?;
        for row in rows {
            let (id, pid, start) = row.map_err(&read)?;
            let owner = pid
                .and_then(|pid| u32::try_from(pid).ok())
                .map(|pid| ProcessIdentity {
                    pid,
                    start: start.and_then(|s| u64::try_from(s).ok()),
                });
            if !owner.is_some_and(|owner| owner.is_alive()) {
                dead.push(id);
            }
        }
    }
    if dead.is_empty() {
        return Ok(dead);
    }
    let write = file.fail("mark runs of ended processes as interrupted");
    let now = Timestamp::now().unix_millis();
    let error = serde_json::to_string(&interrupted_error()).unwrap_or_default();
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(&write)?;
    let mut marked = Vec::new();
    {
        let mut stmt = tx
            .prepare(
                "UPDATE runs SET status = 'interrupted', finished_at_ms = ?2, \
                 duration_ms = max(?2 - started_at_ms, 0), error = ?3 \
                 WHERE id = ?1 AND status = 'running'",
            )
            .map_err(&write)?;
        for id in dead {
            if stmt.execute(params![id, now, error]).map_err(&write)? > 0 {
                marked.push(id);
            }
        }
    }
    tx.commit().map_err(&write)?;
    Ok(marked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_a_reused_pid_is_not() {
        let me = ProcessIdentity::current();
        assert!(me.is_alive());
        if cfg!(target_os = "linux") {
            assert!(me.start.is_some());
            let impostor = ProcessIdentity {
                pid: me.pid,
                start: me.start.map(|s| s + 1),
            };
            assert!(!impostor.is_alive());
        }
    }
}
