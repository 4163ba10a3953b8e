//! The Switchyard desktop app: a window over the `switchyard-desktop` back end. Every IPC call
//! from the window goes to `Desktop::invoke` by its command name; the back end's events go to
//! the window. No engine logic lives here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use serde_json::Value;
use std::sync::Arc;
use switchyard_desktop::{COMMANDS, Desktop, DesktopConfig, EventSink};
use tauri::ipc::{Invoke, InvokeBody, InvokeError};
use tauri::{AppHandle, Emitter, Manager, Runtime};

/// Sends the back end's events to every window.
struct WindowEvents(AppHandle);

impl EventSink for WindowEvents {
    fn emit(&self, event: &str, payload: Value) {
        if let Err(e) = self.0.emit(event, payload) {
            tracing::warn!("cannot send {event} to the window: {e}");
        }
    }
}

/// Routes a window's call to the back end; `false` (Tauri answers "not found") for names it
/// does not know.
fn route<R: Runtime>(invoke: Invoke<R>) -> bool {
    let command = invoke.message.command().to_owned();
    if !COMMANDS.contains(&command.as_str()) {
        return false;
    }
    let Some(desktop) = invoke
        .message
        .webview_ref()
        .try_state::<Arc<Desktop>>()
        .map(|state| Arc::clone(state.inner()))
    else {
        invoke.resolver.reject("the app is still starting");
        return true;
    };
    let args = match invoke.message.payload() {
        InvokeBody::Json(value) => value.clone(),
        InvokeBody::Raw(_) => Value::Null,
    };
    invoke.resolver.respond_async(async move {
        desktop
            .invoke(&command, args)
            .await
            .map_err(InvokeError::from)
    });
    true
}

fn main() {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let events = Arc::new(WindowEvents(app.handle().clone()));
            let desktop = Desktop::open(DesktopConfig::default(), events)?;
            app.manage(Arc::new(desktop));
            Ok(())
        })
        .invoke_handler(route)
        .run(tauri::generate_context!());
    if let Err(e) = app {
        eprintln!("switchyard: the app could not start: {e}");
        std::process::exit(1);
    }
}
