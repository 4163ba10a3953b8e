//! `switchyard serve [--dir FOLDER] [--db PATH] [--listen ADDR] [--max-body BYTES] …`: keeps
//! the active workflows of a folder running (webhooks, schedules) until SIGINT or SIGTERM,
//! then stops taking events, lets running runs finish within the grace period, and exits 0.

use crate::exit::Exit;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use switchyard_host::{ServeConfig, Serving};

#[derive(clap::Args)]
pub struct Args {
    /// The folder of workflow files (`*.flow.json`); watched for changes
    #[arg(long, value_name = "FOLDER", default_value = ".")]
    dir: PathBuf,
    /// The history database (default: `SWITCHYARD_DB`, else the per-user
    /// `switchyard/history.db`); the inbox of received events lives there too
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Where webhooks are received
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8787")]
    listen: SocketAddr,
    /// Allow --listen on an address other machines can reach
    #[arg(long)]
    allow_remote: bool,
    /// The largest webhook body taken, in bytes
    #[arg(long, value_name = "BYTES", default_value_t = 1024 * 1024)]
    max_body: usize,
    /// How long a `when_done` webhook waits for its run before answering 504, in seconds
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    respond_timeout: f64,
    /// How long running runs may take to finish after a stop is asked for, in seconds
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    grace: f64,
    /// Runs at the same moment, all workflows together
    #[arg(long, value_name = "N", default_value_t = 32)]
    max_runs: usize,
    /// Runs of one workflow at the same moment
    #[arg(long, value_name = "N", default_value_t = 16)]
    max_runs_per_workflow: usize,
    /// Events waiting for a turn before webhooks answer 503
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    max_queued: usize,
}

fn seconds(value: f64, flag: &str) -> anyhow::Result<Duration> {
    Duration::try_from_secs_f64(value)
        .map_err(|_| anyhow::anyhow!("{flag} must be a number of seconds, 0 or more"))
}

pub fn run(args: &Args) -> anyhow::Result<Exit> {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SWITCHYARD_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
    let mut config = ServeConfig::new(
        args.dir.clone(),
        switchyard_store::resolve_db_path(args.db.clone()),
    );
    config.listener.addr = args.listen;
    config.listener.allow_remote = args.allow_remote;
    config.listener.max_body = args.max_body;
    config.listener.respond_timeout = seconds(args.respond_timeout, "--respond-timeout")?;
    config.grace = seconds(args.grace, "--grace")?;
    config.host.limits.max_running = args.max_runs;
    config.host.limits.max_running_per_workflow = args.max_runs_per_workflow;
    config.host.limits.max_queued = args.max_queued;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let serving = match Serving::start(config).await {
            Ok(serving) => serving,
            Err(error) => {
                eprintln!("switchyard serve: {error}");
                return Ok(Exit::Failed);
            }
        };
        stop_signal().await?;
        serving.stop().await;
        Ok(Exit::Ok)
    })
}

/// Waits for SIGINT (Ctrl-C) or SIGTERM.
async fn stop_signal() -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result?,
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    tokio::signal::ctrl_c().await?;
    Ok(())
}
