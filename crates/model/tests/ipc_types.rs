//! The TypeScript types the editor uses for documents, the catalog and diagnostics are
//! generated from these Rust types (ts-rs) into `ui/src/ipc/generated.ts`, which is committed.
//! This test fails when regenerating would change the file; `UPDATE_IPC_TYPES=1 cargo test -p
//! switchyard-model --test ipc_types` rewrites it.

use switchyard_model::{
    Diagnostic, EdgeDocument, NodeDescription, NodeDocument, NodeGroup, OnError, RetryPolicy,
    StickyNote, WorkflowDocument,
};
use ts_rs::{Config, TS};

fn generated() -> String {
    let cfg = Config::default();
    let mut out = String::from(
        "// Generated from the Rust types in crates/model by ts-rs: do not edit.\n\
         // Regenerate with `UPDATE_IPC_TYPES=1 cargo test -p switchyard-model --test ipc_types`.\n\n\
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
        "ui/src/ipc/generated.ts is out of date: run `UPDATE_IPC_TYPES=1 cargo test -p switchyard-model --test ipc_types`"
    );
}
