//! Repeated authentication failures of production runs: when a credential is refused
//! [`THRESHOLD`] times in a row (a revoked token, a rotated secret), the app says so once, as
//! `credential-auth-failing`, which the shell shows as a desktop notification — the runs keep
//! failing until someone fixes the credential, and nobody watches the window. A success with
//! that credential starts the count over (and allows a new warning later).

use serde::Serialize;
use std::collections::HashMap;
use switchyard_engine::{ErrorKind, NodeRecord, NodeStatus};
use ts_rs::TS;

/// The event's name.
pub const CREDENTIAL_AUTH_FAILING: &str = "credential-auth-failing";

/// Failures in a row before the warning.
pub const THRESHOLD: u32 = 3;

/// The payload of [`CREDENTIAL_AUTH_FAILING`].
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AuthFailing {
    /// The credential's id (the node's id when the node names none).
    pub credential: String,
    pub workflow_id: String,
    pub node_id: String,
    pub failures: u32,
    /// The service's last refusal, as the node reported it.
    pub message: String,
}

#[derive(Default)]
struct Streak {
    failures: u32,
    announced: bool,
}

/// Counts authentication failures per credential.
#[derive(Default)]
pub struct AuthFailureWatch {
    streaks: HashMap<String, Streak>,
}

impl AuthFailureWatch {
    /// Takes one finished node of a production run; answers the warning when this failure is
    /// the one that crosses the threshold. `credential_of` names the node's credential; it is
    /// asked only when the node failed authentication or succeeded while a count is running.
    pub fn observe(
        &mut self,
        workflow_id: &str,
        record: &NodeRecord,
        credential_of: impl FnOnce() -> Option<String>,
    ) -> Option<AuthFailing> {
        let auth_error = record.error.as_ref().filter(|e| e.kind == ErrorKind::Auth);
        match (record.status, auth_error) {
            (NodeStatus::Failed, Some(error)) => {
                let key = credential_of().unwrap_or_else(|| record.node_id.clone());
                let streak = self.streaks.entry(key.clone()).or_default();
                streak.failures += 1;
                if streak.failures < THRESHOLD || streak.announced {
                    return None;
                }
                streak.announced = true;
                Some(AuthFailing {
                    credential: key,
                    workflow_id: workflow_id.to_owned(),
                    node_id: record.node_id.clone(),
                    failures: streak.failures,
                    message: error.message.clone(),
                })
            }
            (NodeStatus::Succeeded, _) if !self.streaks.is_empty() => {
                if let Some(credential) = credential_of() {
                    self.streaks.remove(&credential);
                }
                None
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchyard_engine::NodeError;

    fn record(status: NodeStatus, kind: Option<ErrorKind>) -> NodeRecord {
        NodeRecord {
            node_id: "crm".into(),
            node_type: "hubspot.contact".into(),
            status,
            attempts: 1,
            attempt_log: Vec::new(),
            started_at: None,
            duration_ms: 1.0,
            inputs: Vec::new(),
            outputs: Vec::new(),
            error: kind.map(|k| NodeError::new(k, "HubSpot refused the token (401)")),
            item_errors: 0,
        }
    }

    #[test]
    fn the_third_refusal_in_a_row_warns_once_and_a_success_starts_over() {
        let mut watch = AuthFailureWatch::default();
        let refused = record(NodeStatus::Failed, Some(ErrorKind::Auth));
        assert_eq!(
            watch.observe("leads", &refused, || Some("hubspot".to_owned())),
            None
        );
        assert_eq!(
            watch.observe("leads", &refused, || Some("hubspot".to_owned())),
            None
        );
        let warning = watch
            .observe("leads", &refused, || Some("hubspot".to_owned()))
            .expect("warned");
        assert_eq!(warning.credential, "hubspot");
        assert_eq!(warning.failures, 3);
        assert!(warning.message.contains("401"));
        assert_eq!(
            watch.observe("leads", &refused, || Some("hubspot".to_owned())),
            None,
            "once"
        );
        // Other failures neither count nor reset; a success resets.
        let timeout = record(NodeStatus::Failed, Some(ErrorKind::Timeout));
        assert_eq!(
            watch.observe("leads", &timeout, || Some("hubspot".to_owned())),
            None
        );
        watch.observe("leads", &record(NodeStatus::Succeeded, None), || {
            Some("hubspot".to_owned())
        });
        for _ in 0..2 {
            assert_eq!(
                watch.observe("leads", &refused, || Some("hubspot".to_owned())),
                None
            );
        }
        assert!(
            watch
                .observe("leads", &refused, || Some("hubspot".to_owned()))
                .is_some()
        );
    }
}
