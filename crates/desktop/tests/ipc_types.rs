//! Every TypeScript type that crosses the IPC boundary (documents, the catalog, diagnostics and
//! the desktop commands' own values) is generated from the Rust types (ts-rs) into
//! `ui/src/ipc/generated.ts`, which is committed. This test fails when regenerating would change
//! the file; `UPDATE_IPC_TYPES=1 cargo test -p switchyard-desktop --test ipc_types` rewrites it.

use switchyard_desktop::always_on::HostView;
use switchyard_desktop::api::{
    CommandError, CommandErrorKind, CredentialSummary, TemplateEntry, ValidationReport, Workspace,
    WorkspaceFile,
};
use switchyard_desktop::auth_failures::AuthFailing;
use switchyard_desktop::credentials::{CredentialEnv, CredentialTest, NewCredential};
use switchyard_desktop::history::{ReplayView, RunQuery};
use switchyard_desktop::run_views::{
    AttemptView, ExchangeView, NodeRunView, PortCount, PortData, RunDetail, RunProgress,
    RunSelection, RunStarted,
};
use switchyard_desktop::settings::RetentionSettings;
use switchyard_desktop::sign_ins::{SignInFinished, SignInStarted};
use switchyard_desktop::test_events::{TestEventReceived, TestListenEnded, TestListening};
use switchyard_engine::{
    ErrorKind, NodeError, NodeStatus, RunError, RunMode, RunStatus, Timestamp,
};
use switchyard_host::credentials::{CredentialField, CredentialType, FieldKind};
use switchyard_host::{NodeChange, WorkflowState};
use switchyard_model::{
    Diagnostic, EdgeDocument, NodeDescription, NodeDocument, NodeGroup, OnError, RetryPolicy,
    StickyNote, WorkflowDocument,
};
use switchyard_store::{PruneStats, UsageDay};
use switchyard_store::{RunSummary, SearchHit};
use ts_rs::{Config, TS};

fn generated() -> String {
    let cfg = Config::default();
    let mut out = String::from(
        "// Generated from the Rust types in crates/model and crates/desktop by ts-rs: do not edit.\n\
         // Regenerate with `UPDATE_IPC_TYPES=1 cargo test -p switchyard-desktop --test ipc_types`.\n\n\
         import type { JsonSchema, JsonValue } from \"./json\";\n\n",
    );
    for decl in [
        WorkflowDocument::decl(&cfg),
        NodeDocument::decl(&cfg),
        EdgeDocument::decl(&cfg),
        StickyNote::decl(&cfg),
        RetryPolicy::decl(&cfg),
        OnError::decl(&cfg),
        NodeGroup::decl(&cfg),
        NodeDescription::decl(&cfg),
        Diagnostic::decl(&cfg),
        ValidationReport::decl(&cfg),
        TemplateEntry::decl(&cfg),
        CredentialSummary::decl(&cfg),
        Workspace::decl(&cfg),
        WorkspaceFile::decl(&cfg),
        CommandError::decl(&cfg),
        CommandErrorKind::decl(&cfg),
        Timestamp::decl(&cfg),
        RunMode::decl(&cfg),
        RunStatus::decl(&cfg),
        NodeStatus::decl(&cfg),
        ErrorKind::decl(&cfg),
        NodeError::decl(&cfg),
        RunError::decl(&cfg),
        RunSelection::decl(&cfg),
        RunStarted::decl(&cfg),
        PortCount::decl(&cfg),
        RunProgress::decl(&cfg),
        RunQuery::decl(&cfg),
        RunSummary::decl(&cfg),
        SearchHit::decl(&cfg),
        PortData::decl(&cfg),
        ExchangeView::decl(&cfg),
        AttemptView::decl(&cfg),
        NodeRunView::decl(&cfg),
        RunDetail::decl(&cfg),
        NodeChange::decl(&cfg),
        ReplayView::decl(&cfg),
        CredentialType::decl(&cfg),
        CredentialField::decl(&cfg),
        FieldKind::decl(&cfg),
        CredentialEnv::decl(&cfg),
        NewCredential::decl(&cfg),
        CredentialTest::decl(&cfg),
        UsageDay::decl(&cfg),
        WorkflowState::decl(&cfg),
        HostView::decl(&cfg),
        RetentionSettings::decl(&cfg),
        PruneStats::decl(&cfg),
        TestListening::decl(&cfg),
        TestEventReceived::decl(&cfg),
        TestListenEnded::decl(&cfg),
        SignInStarted::decl(&cfg),
        SignInFinished::decl(&cfg),
        AuthFailing::decl(&cfg),
    ] {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[test]
fn the_committed_typescript_types_are_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/src/ipc/generated.ts");
    let fresh = generated();
    if std::env::var("UPDATE_IPC_TYPES").as_deref() == Ok("1") {
        std::fs::write(path, &fresh).expect("write ui/src/ipc/generated.ts");
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/ipc/generated.ts is out of date: run `UPDATE_IPC_TYPES=1 cargo test -p switchyard-desktop --test ipc_types`"
    );
}
