#!/usr/bin/env bash
# Regenerates the browser-test fixtures from the real engine:
#   e2e/fixtures/catalog.json  ← `switchyard nodes --json`
#   e2e/fixtures/templates.json ← every shipped template in assets/templates
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
cargo run -q -p switchyard-cli -- nodes --json > "$here/e2e/fixtures/catalog.json"
node "$here/scripts/templates.mjs" "$root/assets/templates" > "$here/e2e/fixtures/templates.json"
echo "fixtures written to $here/e2e/fixtures"
