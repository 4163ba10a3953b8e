#!/usr/bin/env bash
# Runs every check and test of the project: formatting, lints, and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/switchyard-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

bash scripts/setup.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test (inside a throwaway Secret Service, so the keychain is tested for real)"
bash scripts/with-keyring.sh cargo test --workspace --locked
echo "== ui: typecheck, lint, unit tests, build, browser tests (Debian's Chromium)"
(cd ui && npm ci --no-audit --no-fund && npm run typecheck && npm run lint && npm test && npm run build && npm run e2e)
