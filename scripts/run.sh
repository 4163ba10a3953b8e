#!/usr/bin/env bash
# Runs the Switchyard desktop app: installs what the machine lacks, builds the editor (ui/) and
# the app with the editor built in (a release binary), then opens its window. With no display
# (a server, a container) the window opens in a virtual one (Xvfb) and a screenshot of it is
# saved, so the command still shows the app started. Extra arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/switchyard-target}"
bash scripts/setup.sh
(cd ui && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build)
cargo build --release --locked -p switchyard-app --features custom-protocol
app="$CARGO_TARGET_DIR/release/switchyard-app"
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$app" "$@"
fi
echo "No display: running the app in a virtual X display (Xvfb); Ctrl-C stops it." >&2
shot="${TMPDIR:-/tmp}/switchyard-window.png"
export WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1
exec xvfb-run -a -s "-screen 0 1440x900x24 -nolisten tcp" bash -c '
  "$0" "${@:2}" & pid=$!
  sleep 6 && import -window root "$1" 2>/dev/null && echo "The window, as drawn: $1" >&2
  wait "$pid"' "$app" "$shot" "$@"
