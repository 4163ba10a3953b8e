// Shared by the browser tests and the screenshot script: Debian's Chromium and Vite's preview server.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before } from "node:test";
import { chromium } from "playwright-core";

export const PORT = Number(process.env.E2E_PORT ?? 4173);
export const BASE_URL = `http://127.0.0.1:${PORT}/`;

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Starts `vite preview` on 127.0.0.1 and waits (at most 30 s) until it answers. */
export async function startPreview() {
  const child = spawn("node_modules/.bin/vite", ["preview", "--mode", "e2e", "--host", "127.0.0.1", "--port", String(PORT), "--strictPort"],
    { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => { output += d; });
  child.stderr.on("data", (d) => { output += d; });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(BASE_URL);
      if (res.ok) return child;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) break;
    await sleep(200);
  }
  child.kill();
  throw new Error(`vite preview did not start:\n${output}`);
}

/** A page of the editor with the catalog loaded. */
export async function openEditor(browser, viewport = { width: 1440, height: 900 }) {
  const context = await browser.newContext({ viewport });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE_URL });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(BASE_URL);
  await page.locator(".sy-palette__item").first().waitFor();
  return page;
}

/** The bridge binary: `$SWITCHYARD_BRIDGE`, else the debug build in the usual target folders. */
export function bridgeBinary() {
  const candidates = [
    process.env.SWITCHYARD_BRIDGE,
    process.env.CARGO_TARGET_DIR && `${process.env.CARGO_TARGET_DIR}/debug/switchyard-bridge`,
    "../target/debug/switchyard-bridge",
    "/var/tmp/switchyard-target/debug/switchyard-bridge",
  ].filter(Boolean);
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error("the browser tests of the real back end need the bridge: "
      + "`cargo build -p switchyard-desktop --bin switchyard-bridge` (or set SWITCHYARD_BRIDGE)");
  }
  return resolve(found);
}

/**
 * Starts the real back end behind the bridge (its own history, workspace and settings in a
 * temporary folder), serving the e2e build; resolves to `{ url, workspace, stop }`. With
 * `hostListen`, the app's webhook listener runs too, on a free loopback port (`host_status`
 * answers its address).
 */
export async function startBridge({ hostListen = false } = {}) {
  const home = mkdtempSync(join(tmpdir(), "switchyard-bridge-"));
  const workspace = join(home, "workspace");
  const args = ["--ui", resolve("dist-e2e"), "--listen", "127.0.0.1:0",
    "--db", join(home, "history.db"), "--workspace", workspace, "--settings", join(home, "settings.json")];
  if (hostListen) args.push("--host-listen", "127.0.0.1:0");
  const child = spawn(bridgeBinary(), args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stderr.on("data", (d) => { output += d; });
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the bridge did not start:\n${output}`)), 30_000);
    child.stdout.on("data", (d) => {
      output += d;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) { clearTimeout(timer); ok(`${match[1]}/`); }
    });
    child.once("exit", (code) => { clearTimeout(timer); fail(new Error(`the bridge exited (${code}):\n${output}`)); });
  });
  return {
    url,
    workspace,
    home,
    stop() {
      child.kill("SIGTERM");
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A page of the editor on the real back end (`startBridge()`), with the catalog loaded. */
export async function openBridgeEditor(browser, bridge, viewport = { width: 1440, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`${bridge.url}?backend=bridge`);
  await page.locator(".sy-palette__item").first().waitFor();
  return page;
}

/** The fake HubSpot binary: `$SWITCHYARD_FAKE_HUBSPOT`, else the debug build next to the bridge's. */
export function fakeHubSpotBinary() {
  const candidates = [
    process.env.SWITCHYARD_FAKE_HUBSPOT,
    process.env.CARGO_TARGET_DIR && `${process.env.CARGO_TARGET_DIR}/debug/fake-hubspot`,
    "../target/debug/fake-hubspot",
    "/var/tmp/switchyard-target/debug/fake-hubspot",
  ].filter(Boolean);
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error("the sign-in tests need the fake HubSpot: "
      + "`cargo build -p switchyard-fake-hubspot --bin fake-hubspot` (or set SWITCHYARD_FAKE_HUBSPOT)");
  }
  return resolve(found);
}

/**
 * Starts the fake HubSpot on a free loopback port (its OAuth app: `fake-client-id` /
 * `fake-client-secret`); resolves to `{ url, stop }`, `url` without a trailing slash.
 */
export async function startFakeHubSpot() {
  const child = spawn(fakeHubSpotBinary(), [], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stderr.on("data", (d) => { output += d; });
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the fake HubSpot did not start:\n${output}`)), 30_000);
    child.stdout.on("data", (d) => {
      output += d;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) { clearTimeout(timer); ok(match[1].replace(/\/$/, "")); }
    });
    child.once("exit", (code) => { clearTimeout(timer); fail(new Error(`the fake HubSpot exited (${code}):\n${output}`)); });
  });
  return { url, stop: () => child.kill("SIGINT") };
}

/**
 * For a test file of the real back end: before its tests, starts the bridge (`options` as
 * `startBridge` takes them), a browser and the editor page, then calls `ready({ bridge, browser,
 * page })` (to keep them, and to set the page up); after its tests, closes and stops them.
 */
export function useBridgeEditor(options, ready) {
  let bridge;
  let browser;
  before(async () => {
    bridge = await startBridge(options);
    browser = await launchBrowser();
    const page = await openBridgeEditor(browser, bridge);
    await ready({ bridge, browser, page });
  });
  after(async () => {
    await browser?.close();
    bridge?.stop();
  });
}
