#!/usr/bin/env bash
# Runs every check and test of the project: formatting, lints, the Rust test suite, the editor's
# unit and browser tests, and a smoke test of the real desktop app in a virtual display.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/switchyard-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

bash scripts/setup.sh

echo "== ui: install, typecheck, lint, unit tests, build (the app embeds ui/dist)"
(cd ui && npm ci --no-audit --no-fund && npm run typecheck && npm run lint && npm test && npm run build)
echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test (inside a throwaway Secret Service, so the keychain is tested for real)"
bash scripts/with-keyring.sh cargo test --workspace --locked
echo "== the desktop app: build with the editor built in, then a smoke test under Xvfb + WebKitWebDriver"
cargo build --locked -p switchyard-app --features custom-protocol
node tests/desktop/smoke.mjs "$CARGO_TARGET_DIR/debug/switchyard-app"
echo "== ui: browser tests (Debian's Chromium; mock host, and the real back end over the bridge,"
echo "   whose credentials go to a throwaway Secret Service)"
cargo build --locked -p switchyard-desktop --bin switchyard-bridge -p switchyard-fake-hubspot --bin fake-hubspot
SWITCHYARD_BRIDGE="$CARGO_TARGET_DIR/debug/switchyard-bridge" \
  SWITCHYARD_FAKE_HUBSPOT="$CARGO_TARGET_DIR/debug/fake-hubspot" \
  bash scripts/with-keyring.sh bash -c 'cd ui && npm run e2e'
