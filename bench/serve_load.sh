#!/usr/bin/env bash
# Load test of `switchyard serve` on the lead-routing workflow (webhook -> switch on employees ->
# set owner -> http.request POST to a local fake CRM -> flow.respond), measured the way
# shared/bench/peers measured n8n and Node-RED: wrk with peers/lead.lua at 1 and 16 connections.
#
# Prints: startup (spawn -> first 200), idle RSS, requests/s, p50/p99, CPU ms per request (utime +
# stime of the serve process from /proc/<pid>/stat), peak RSS under load, idle RSS after load,
# and history bytes per run (every run and node is recorded during the test).
#
# Everything listens on 127.0.0.1 only; every load run is bounded by DURATION; only the
# processes this script started are stopped (by pid).
#
# Env: DURATION (s, default 20), WARMUP (s, default 5), PORT (default 18787), CRM_PORT (default
# 18080), PEERS (folder with lead.lua and fake_crm.js), BIN (a built switchyard; default: build
# release), KEEP=1 keeps the work folder.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEERS=${PEERS:-$ROOT/../shared/bench/peers}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
PORT=${PORT:-18787}
CRM_PORT=${CRM_PORT:-18080}
URL="http://127.0.0.1:$PORT/webhook/lead"
CLK_TCK=$(getconf CLK_TCK)

for tool in wrk node curl python3; do
  command -v "$tool" >/dev/null || { echo "serve_load: $tool is needed (apt-get install wrk nodejs curl python3)" >&2; exit 2; }
done
[ -f "$PEERS/lead.lua" ] && [ -f "$PEERS/fake_crm.js" ] || { echo "serve_load: set PEERS to the folder with lead.lua and fake_crm.js" >&2; exit 2; }

if [ -z "${BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release -q -p switchyard-cli)
  TARGET=$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
  BIN="$TARGET/release/switchyard"
fi

WORK=$(mktemp -d /tmp/switchyard-bench.XXXXXX)
CRM_PID=""; SERVE_PID=""; SAMPLER_PID=""
cleanup() {
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null || true
  [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null || true
  [ -n "$CRM_PID" ] && kill "$CRM_PID" 2>/dev/null || true
  [ "${KEEP:-0}" = 1 ] && echo "work folder kept: $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

for port in "$PORT" "$CRM_PORT"; do
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
    echo "serve_load: port $port is already in use" >&2; exit 2
  fi
done

node "$PEERS/fake_crm.js" "$CRM_PORT" > "$WORK/crm.log" 2>&1 &
CRM_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$CRM_PORT/health" >/dev/null && break; sleep 0.05; done

mkdir -p "$WORK/flows"
sed "s/@CRM_PORT@/$CRM_PORT/" "$ROOT/bench/lead-routing.flow.json.in" > "$WORK/flows/lead-routing.flow.json"
"$BIN" history list --db "$WORK/empty.db" --json > /dev/null   # an empty database, for its size

cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }   # utime + stime
rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

lead='{"email":"ann@small.example","company":"Small Co","employees":12}'
# Startup as the peers' driver measures it: spawn -> first 200 of the webhook, polled in one
# process (every 2 ms, at most 30 s); the prober starts `serve` itself, so its own start-up
# is not counted. It prints "PID STARTUP_MS" and leaves `serve` running.
read -r SERVE_PID startup_ms < <(python3 - "$URL" "$lead" "$BIN" "$WORK" "$PORT" <<'PY'
import os, subprocess, sys, time, urllib.request
url, body, binary, work, port = sys.argv[1], sys.argv[2].encode(), sys.argv[3], sys.argv[4], sys.argv[5]
env = dict(os.environ, SWITCHYARD_LOG="warn")
log = open(f"{work}/serve.log", "w")
t0 = time.monotonic()
proc = subprocess.Popen([binary, "serve", "--dir", f"{work}/flows", "--db", f"{work}/history.db",
                         "--listen", f"127.0.0.1:{port}"], env=env, stdout=log, stderr=log,
                        stdin=subprocess.DEVNULL, start_new_session=True)
deadline = t0 + 30
while time.monotonic() < deadline and proc.poll() is None:
    try:
        req = urllib.request.Request(url, data=body, headers={"content-type": "application/json"})
        with urllib.request.urlopen(req, timeout=5) as answer:
            if answer.status == 200:
                print(proc.pid, round((time.monotonic() - t0) * 1000))
                sys.exit(0)
    except Exception:
        pass
    time.sleep(0.002)
print(proc.pid, -1)
PY
)
if [ -z "${SERVE_PID:-}" ] || [ "${startup_ms:--1}" -lt 0 ]; then
  echo "serve_load: no 200 from $URL; log:" >&2; cat "$WORK/serve.log" >&2; exit 1
fi
sleep 1
idle_rss=$(rss_kib "$SERVE_PID")

# run_wrk THREADS CONNECTIONS SECONDS -> "requests rps p50 p99 errors non2xx cpu_ms_per_req peak_rss_kib"
run_wrk() {
  local threads=$1 conns=$2 secs=$3
  : > "$WORK/rss.txt"
  ( while kill -0 "$SERVE_PID" 2>/dev/null; do rss_kib "$SERVE_PID" >> "$WORK/rss.txt"; sleep 0.5; done ) &
  SAMPLER_PID=$!
  local before after line
  before=$(cpu_ticks "$SERVE_PID")
  line=$(wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 10s --latency -s "$PEERS/lead.lua" "$URL" | grep '^RESULT')
  after=$(cpu_ticks "$SERVE_PID")
  kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""
  python3 - "$line" "$before" "$after" "$CLK_TCK" "$WORK/rss.txt" <<'PY'
import sys
line, before, after, tck, rss = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
f = dict(kv.split("=") for kv in line.split()[1:])
req = int(f["requests"])
cpu_ms = (after - before) * 1000.0 / tck
peak = max([int(x) for x in open(rss).read().split()] or [0])
print(req, f["rps"], f["p50_ms"], f["p99_ms"], f["errors"], f["non2xx_or_status"], f"{cpu_ms / max(req, 1):.3f}", peak)
PY
}

echo "warm-up: ${WARMUP}s at c=16" >&2
run_wrk 2 16 "$WARMUP" > /dev/null
echo "c=1: ${DURATION}s" >&2
read -r c1_req c1_rps c1_p50 c1_p99 c1_err c1_non2xx c1_cpu c1_peak < <(run_wrk 1 1 "$DURATION")
echo "c=16: ${DURATION}s" >&2
read -r c16_req c16_rps c16_p50 c16_p99 c16_err c16_non2xx c16_cpu c16_peak < <(run_wrk 2 16 "$DURATION")
sleep 2
after_rss=$(rss_kib "$SERVE_PID")

kill -TERM "$SERVE_PID"
# `serve` is not this shell's child (the prober started it): wait for it to exit, at most 60 s.
for _ in $(seq 1200); do kill -0 "$SERVE_PID" 2>/dev/null || break; sleep 0.05; done
SERVE_PID=""

read -r runs nodes failed db_bytes empty_bytes < <(python3 - "$WORK/history.db" "$WORK/empty.db" <<'PY'
import os, sqlite3, sys
db, empty = sys.argv[1], sys.argv[2]
size = lambda p: sum(os.path.getsize(p + s) for s in ("", "-wal") if os.path.exists(p + s))
c = sqlite3.connect(db)
runs = c.execute("select count(*) from runs").fetchone()[0]
nodes = c.execute("select count(*) from node_runs").fetchone()[0]
failed = c.execute("select count(*) from runs where status != 'succeeded'").fetchone()[0]
print(runs, nodes, failed, size(db), size(empty))
PY
)
bytes_per_run=$(( (db_bytes - empty_bytes) / (runs > 0 ? runs : 1) ))

cat <<EOF

switchyard serve, lead-routing (wrk + peers/lead.lua, fake CRM on :$CRM_PORT, ${DURATION}s per run)
| metric | c=1 | c=16 |
|---|---|---|
| requests/s | $c1_rps | $c16_rps |
| p50 ms | $c1_p50 | $c16_p50 |
| p99 ms | $c1_p99 | $c16_p99 |
| CPU ms/request (serve process) | $c1_cpu | $c16_cpu |
| peak RSS under load MiB | $(( c1_peak / 1024 )) | $(( c16_peak / 1024 )) |
| requests (errors, non-200) | $c1_req ($c1_err, $c1_non2xx) | $c16_req ($c16_err, $c16_non2xx) |

startup (spawn -> first 200): ${startup_ms} ms
idle RSS: $(( idle_rss / 1024 )) MiB before load, $(( after_rss / 1024 )) MiB after
history: $runs runs ($failed not succeeded), $nodes node runs, $(( db_bytes / 1024 / 1024 )) MiB -> $bytes_per_run bytes per run
EOF
