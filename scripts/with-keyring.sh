#!/usr/bin/env bash
# Runs a command with a throwaway Secret Service (gnome-keyring) on a private D-Bus session, so
# the OS keychain path of the credentials code is tested for real without a desktop.
#   bash scripts/with-keyring.sh cargo test
set -euo pipefail
if [ -z "${SWITCHYARD_IN_KEYRING_SESSION:-}" ]; then
  export SWITCHYARD_IN_KEYRING_SESSION=1
  exec dbus-run-session -- bash "$0" "$@"
fi
# Keep cargo's and rustup's homes where they are before HOME moves to a throwaway folder.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
home=$(mktemp -d)
export HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# The password must not be empty: an empty one creates no collection and every call fails.
eval "$(printf '%s' 'switchyard-test-keyring' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
for _ in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    break
  fi
  sleep 0.1
done
export SWITCHYARD_KEYCHAIN_TESTS=1
"$@"
