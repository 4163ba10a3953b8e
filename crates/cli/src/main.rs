//! `switchyard`: the headless face of the engine. This file parses the command line and hands
//! each command to its module; the commands decide their exit codes (see `exit.rs`).

mod cmd_credentials;
mod cmd_history;
mod cmd_nodes;
mod cmd_replay;
mod cmd_rerun;
mod cmd_run;
mod cmd_serve;
mod cmd_status;
mod cmd_usage;
mod cmd_validate;
mod credential_input;
mod document;
mod exit;
mod history;
mod history_print;
mod input;
mod print;
mod secrets_backend;
mod session;
mod sign_in;

use clap::{Parser, Subcommand};

// The engine allocates many small JSON values; mimalloc is markedly faster at that than the
// system allocator (see the README's performance section).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "switchyard",
    version,
    about = "Validate and run Switchyard workflows from the command line, and browse their history"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a workflow document and list every problem in it
    Validate(cmd_validate::Args),
    /// Run a workflow once, in test mode, and record it in history
    Run(cmd_run::Args),
    /// Browse, search and prune the recorded runs
    History(cmd_history::Args),
    /// Run a recorded run again with its trigger items (recorded or current workflow version)
    Rerun(cmd_rerun::Args),
    /// Re-execute a recorded run against its recorded HTTP answers and list what changed
    Replay(cmd_replay::Args),
    /// List the node types the engine knows
    Nodes(cmd_nodes::Args),
    /// Keep the active workflows of a folder running: webhooks, schedules
    Serve(cmd_serve::Args),
    /// Show what `switchyard serve` is doing: workflows, triggers, rejected events
    Status(cmd_status::Args),
    /// Store, list, check and remove credentials (secrets in the OS keychain)
    Credentials(cmd_credentials::Args),
    /// Today's requests, 429s, errors and daily quota left, per credential
    Usage(cmd_usage::Args),
}

fn main() -> ExitCode {
    // Usage errors make clap exit with 2, as the spec's exit codes want.
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Validate(args) => cmd_validate::run(args),
        Command::Run(args) => cmd_run::run(args),
        Command::History(args) => cmd_history::run(args),
        Command::Rerun(args) => cmd_rerun::run(args),
        Command::Replay(args) => cmd_replay::run(args),
        Command::Nodes(args) => cmd_nodes::run(args),
        Command::Serve(args) => cmd_serve::run(args),
        Command::Status(args) => cmd_status::run(args),
        Command::Credentials(args) => cmd_credentials::run(args),
        Command::Usage(args) => cmd_usage::run(args),
    };
    match outcome {
        Ok(exit) => exit.into(),
        Err(err) => {
            eprintln!("switchyard: {err:#}");
            exit::Exit::Usage.into()
        }
    }
}
