//! `switchyard-bridge --ui DIR [--listen ADDR] [--host-listen ADDR] [--db PATH] [--workspace DIR]`: the desktop back
//! end over loopback HTTP, serving the built UI, for the browser tests. Prints the address it
//! listens on (`listening on http://127.0.0.1:PORT`) once it is ready.

use std::path::PathBuf;
use std::sync::Arc;
use switchyard_desktop::bridge::{BroadcastEvents, router};
use switchyard_desktop::{Desktop, DesktopConfig};

struct Args {
    ui: PathBuf,
    listen: String,
    /// Where the app's own webhook listener listens (active workflows, test events); none
    /// unless asked for.
    host_listen: Option<std::net::SocketAddr>,
    config: DesktopConfig,
}

fn parse_args() -> Result<Args, String> {
    let mut ui = None;
    let mut listen = "127.0.0.1:0".to_owned();
    let mut host_listen = None;
    let mut config = DesktopConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--ui" => ui = Some(PathBuf::from(value()?)),
            "--listen" => listen = value()?,
            "--host-listen" => {
                let addr: std::net::SocketAddr = value()?
                    .parse()
                    .map_err(|e| format!("--host-listen: {e}"))?;
                if !addr.ip().is_loopback() {
                    return Err(format!("--host-listen: {addr} is not a loopback address"));
                }
                host_listen = Some(addr);
            }
            "--db" => config.db_path = Some(PathBuf::from(value()?)),
            "--workspace" => config.workspace = Some(PathBuf::from(value()?)),
            "--settings" => config.settings_path = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(Args {
        ui: ui.ok_or("--ui DIR (the built UI) is required")?,
        listen,
        host_listen,
        config,
    })
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .init();
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("switchyard-bridge: {message}");
            return std::process::ExitCode::from(2);
        }
    };
    if !args.listen.starts_with("127.0.0.1:") && !args.listen.starts_with("localhost:") {
        eprintln!(
            "switchyard-bridge: listens on loopback only (got {})",
            args.listen
        );
        return std::process::ExitCode::from(2);
    }
    let events = Arc::new(BroadcastEvents::new());
    let desktop = match Desktop::open(args.config, events.clone()) {
        Ok(desktop) => Arc::new(desktop),
        Err(e) => {
            eprintln!("switchyard-bridge: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    if let Some(addr) = args.host_listen {
        desktop.start_always_on(addr).await;
    }
    let listener = match tokio::net::TcpListener::bind(&args.listen).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("switchyard-bridge: cannot listen on {}: {e}", args.listen);
            return std::process::ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(addr) => println!("listening on http://{addr}"),
        Err(e) => eprintln!("switchyard-bridge: {e}"),
    }
    let app = router(desktop, events, args.ui);
    if let Err(e) = axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    {
        eprintln!("switchyard-bridge: {e}");
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::SUCCESS
}
