#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build and test Switchyard (idempotent).
set -euo pipefail
need=()
# build: a C compiler for SQLite/QuickJS; libdbus for the Linux keychain (Secret Service).
# tests: gnome-keyring + dbus for a throwaway Secret Service.
# ui: Node.js/npm for the front end, Chromium for its browser tests.
# desktop app (Tauri v2 on WebKitGTK): the GTK/WebKit/appindicator/xdo headers; for its smoke
# test, a virtual X server and WebKit's WebDriver.
for pkg in build-essential pkg-config file libssl-dev libdbus-1-dev dbus gnome-keyring libsecret-tools chromium \
  libgtk-3-dev libwebkit2gtk-4.1-dev libjavascriptcoregtk-4.1-dev libsoup-3.0-dev librsvg2-dev \
  libayatana-appindicator3-dev libxdo-dev xvfb xauth webkit2gtk-driver; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${need[@]}"
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is missing: install Rust with rustup (https://rustup.rs) first" >&2
  exit 2
fi
if ! command -v npm >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends nodejs npm
fi
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt clippy >/dev/null 2>&1 || true
