//! `switchyard-bridge --ui DIR [--listen ADDR] [--host-listen ADDR] [--db PATH] [--workspace DIR]
//! [--settings PATH]`: the desktop back end over loopback HTTP, serving the built UI, for the browser tests. Prints the address it
//! listens on (`listening on http://127.0.0.1:PORT`) once it is ready.

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use switchyard_desktop::bridge::{BroadcastEvents, router};
use switchyard_desktop::{Desktop, DesktopConfig};

/// The desktop back end over loopback HTTP, for the browser tests.
#[derive(Parser)]
#[command(name = "switchyard-bridge")]
struct Args {
    /// The built UI to serve.
    #[arg(long)]
    ui: PathBuf,
    /// Where the bridge listens (loopback only; port 0 for a free one).
    #[arg(long, default_value = "127.0.0.1:0", value_parser = loopback)]
    listen: SocketAddr,
    /// Where the app's own webhook listener listens (active workflows, test events); none
    /// unless asked for.
    #[arg(long, value_parser = loopback)]
    host_listen: Option<SocketAddr>,
    /// The history database.
    #[arg(long)]
    db: Option<PathBuf>,
    /// The workspace folder.
    #[arg(long)]
    workspace: Option<PathBuf>,
    /// The settings file.
    #[arg(long)]
    settings: Option<PathBuf>,
}

/// A socket address on the loopback interface.
fn loopback(text: &str) -> Result<SocketAddr, String> {
    let addr: SocketAddr = text.parse().map_err(|e| format!("{e}"))?;
    if addr.ip().is_loopback() {
        Ok(addr)
    } else {
        Err(format!("{addr} is not a loopback address"))
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let config = DesktopConfig {
        db_path: args.db,
        workspace: args.workspace,
        settings_path: args.settings,
    };
    let events = Arc::new(BroadcastEvents::new());
    let desktop = match Desktop::open(config, events.clone()) {
        Ok(desktop) => Arc::new(desktop),
        Err(e) => {
            eprintln!("switchyard-bridge: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    if let Some(addr) = args.host_listen {
        desktop.start_always_on(addr).await;
    }
    let listener = match tokio::net::TcpListener::bind(args.listen).await {
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
