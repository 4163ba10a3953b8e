#!/usr/bin/env bash
# Runs Switchyard: for now the headless engine, test-running the shipped lead-routing template
# on its pinned sample lead (a dry run, so nothing is sent anywhere).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/switchyard-target}"
bash scripts/setup.sh
cargo build --release --locked -p switchyard-cli
bin="$CARGO_TARGET_DIR/release/switchyard"
"$bin" validate assets/templates/lead-routing.flow.json
"$bin" run assets/templates/lead-routing.flow.json --dry-run "$@"
