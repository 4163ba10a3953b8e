// The editor on the real back end (crates/desktop behind switchyard-bridge, with its own
// history, workspace and settings): the catalog and templates come from Rust, Rust validates,
// and saving writes the canonical file into the workspace folder on disk.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { useBridgeEditor } from "../support.mjs";

let bridge;
let page;

useBridgeEditor({}, async (session) => {
  ({ page, bridge } = session);
});

test("the palette lists the catalog the Rust registry describes", async () => {
  const catalog = await (await fetch(`${bridge.url}invoke/list_catalog`, { method: "POST" })).json();
  assert.ok(catalog.length >= 20);
  assert.equal(await page.locator(".sy-palette__item").count(), catalog.length);
});

test("a template opens, Rust validates it, and Save writes it byte for byte into the workspace", async () => {
  const template = readFileSync(new URL("../../../assets/templates/lead-routing.flow.json", import.meta.url), "utf8");
  await page.getByLabel("Open template").selectOption("lead-routing.flow.json");
  await page.locator('[data-testid="node-size"]').waitFor();
  await page.getByText("✓ No problems").waitFor();
  await page.keyboard.press("Control+s");
  const saved = join(bridge.workspace, "templates", "lead-routing.flow.json");
  const deadline = Date.now() + 10_000;
  let text = "";
  while (Date.now() < deadline) {
    try { text = readFileSync(saved, "utf8"); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  assert.equal(text, template);
});

test("deleting the trigger is a problem Rust reports, and undo clears it", async () => {
  await page.locator('[data-testid="node-lead"]').click();
  await page.keyboard.press("Delete");
  await page.getByText(/1 problem/).waitFor();
  assert.match(await page.getByTestId("problems").innerText(), /no trigger/);
  await page.keyboard.press("Control+z");
  await page.getByText("✓ No problems").waitFor();
});
