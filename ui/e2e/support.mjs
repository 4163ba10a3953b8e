// Shared by the browser tests and the screenshot script: Debian's Chromium and Vite's preview server.
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
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
  const child = spawn("node_modules/.bin/vite", ["preview", "--host", "127.0.0.1", "--port", String(PORT), "--strictPort"],
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
