//! The Switchyard desktop app: a window over the `switchyard-desktop` back end. Every IPC call
//! from the window goes to `Desktop::invoke` by its command name; the back end's events go to
//! the window. The shell adds only what needs the desktop: the tray that keeps active
//! workflows running with the window closed, and notifications. No engine logic lives here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod tray;

use serde_json::Value;
use std::net::SocketAddr;
use std::sync::Arc;
use switchyard_desktop::always_on::PRODUCTION_RUN_FAILED;
use switchyard_desktop::auth_failures::CREDENTIAL_AUTH_FAILING;
use switchyard_desktop::{COMMANDS, Desktop, DesktopConfig, EventSink};
use tauri::ipc::{Invoke, InvokeBody, InvokeError};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

/// Where webhooks of active workflows are received unless `SWITCHYARD_LISTEN` says otherwise.
const DEFAULT_LISTEN: &str = "127.0.0.1:8787";

/// Sends the back end's events to every window; a failed production run also becomes a
/// desktop notification.
struct WindowEvents(AppHandle);

impl EventSink for WindowEvents {
    fn emit(&self, event: &str, payload: Value) {
        if event == PRODUCTION_RUN_FAILED {
            notify_failure(&self.0, &payload);
        }
        if event == CREDENTIAL_AUTH_FAILING {
            notify_auth_failing(&self.0, &payload);
        }
        if let Err(e) = self.0.emit(event, payload) {
            tracing::warn!("cannot send {event} to the window: {e}");
        }
    }
}

fn notify_failure(app: &AppHandle, payload: &Value) {
    let workflow = payload["workflow_id"].as_str().unwrap_or("a workflow");
    let message = payload["message"].as_str().unwrap_or("the run failed");
    notify(app, &format!("Switchyard: {workflow} failed"), message);
}

fn notify_auth_failing(app: &AppHandle, payload: &Value) {
    let credential = payload["credential"].as_str().unwrap_or("a credential");
    let failures = payload["failures"].as_u64().unwrap_or(0);
    let message = payload["message"]
        .as_str()
        .unwrap_or("authentication failed");
    notify(
        app,
        &format!("Switchyard: credential \"{credential}\" is refused"),
        &format!(
            "{failures} runs in a row could not sign in ({message}). Fix it under Credentials."
        ),
    );
}

fn notify(app: &AppHandle, title: &str, body: &str) {
    let shown = app.notification().builder().title(title).body(body).show();
    if let Err(e) = shown {
        tracing::warn!("cannot show a notification: {e}");
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

fn listen_address() -> SocketAddr {
    let configured = std::env::var("SWITCHYARD_LISTEN").unwrap_or_else(|_| DEFAULT_LISTEN.into());
    configured.parse().unwrap_or_else(|e| {
        tracing::warn!(
            "SWITCHYARD_LISTEN={configured} is not an address ({e}); using {DEFAULT_LISTEN}"
        );
        SocketAddr::from(([127, 0, 0, 1], 8787))
    })
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
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            let events = Arc::new(WindowEvents(app.handle().clone()));
            let desktop =
                Arc::new(Desktop::open(DesktopConfig::default(), events)?.opening_the_browser());
            app.manage(Arc::clone(&desktop));
            tray::install(app)?;
            tauri::async_runtime::spawn(async move {
                desktop.start_always_on(listen_address()).await;
            });
            Ok(())
        })
        .invoke_handler(route)
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            eprintln!("switchyard: the app could not start: {e}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event
            && let Some(desktop) = handle.try_state::<Arc<Desktop>>()
        {
            // Running runs of active workflows get their grace period and are recorded.
            tauri::async_runtime::block_on(desktop.stop_always_on());
        }
    });
}
