// The names of the commands the window may call. Kept alone in this file because the Tauri
// shell's build script includes it (to grant exactly these commands in its capabilities)
// without building the back end.

/// Every command name [`crate::Desktop::invoke`] answers.
pub const COMMANDS: &[&str] = &[
    "list_catalog",
    "list_templates",
    "list_credentials",
    "open_workflow",
    "save_workflow",
    "validate_workflow",
    "get_workspace",
    "set_workspace",
    "start_run",
    "cancel_run",
    "list_runs",
    "search_runs",
    "get_run",
    "rerun",
    "replay_run",
    "credential_types",
    "add_credential",
    "test_credential",
    "remove_credential",
    "usage_today",
    "host_status",
    "set_active",
    "get_retention",
    "set_retention",
    "listen_for_test_event",
    "stop_test_listen",
    "start_sign_in",
    "cancel_sign_in",
    "rename_credential",
];
