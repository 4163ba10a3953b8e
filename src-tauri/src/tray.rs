//! The tray icon: the app keeps running active workflows when its window is closed (the
//! window hides itself then); the tray brings it back or quits.

use tauri::menu::{Menu, MenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{App, AppHandle, Manager};

const SHOW: &str = "show";
const QUIT: &str = "quit";

pub fn install(app: &App) -> tauri::Result<()> {
    let show = MenuItem::with_id(app, SHOW, "Open Switchyard", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, QUIT, "Quit Switchyard", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&show, &quit])?;
    let mut tray = TrayIconBuilder::with_id("switchyard")
        .tooltip("Switchyard: active workflows keep running")
        .menu(&menu)
        .on_menu_event(|app, event| match event.id().as_ref() {
            SHOW => show_window(app),
            QUIT => app.exit(0),
            _ => {}
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

fn show_window(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}
