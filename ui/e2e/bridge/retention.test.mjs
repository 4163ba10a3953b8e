// History settings on the real back end: keeping one run per workflow deletes the older runs at
// once, and the Runs list shows what is left.
import assert from "node:assert/strict";
import { test } from "node:test";
import { useBridgeEditor } from "../support.mjs";

let bridge;
let page;

useBridgeEditor({}, async (session) => {
  ({ page, bridge } = session);
});

test("keeping one run per workflow deletes the older runs now", async () => {
  await page.getByLabel("Open template").selectOption("lead-routing.flow.json");
  await page.getByText("✓ No problems").waitFor();
  await page.getByLabel("Dry run").check();
  for (let i = 0; i < 3; i++) {
    await page.getByTestId("run-once").click();
    await page.getByTestId("run-outcome").filter({ hasText: "succeeded" }).waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid="stop-run"]'));
  }
  await page.getByRole("tab", { name: "Runs" }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="run-row"]').length === 3);
  await page.getByTestId("retention").locator("summary").click();
  await page.getByLabel("Runs kept per workflow").fill("1");
  await page.getByTestId("retention").getByRole("button", { name: "Save" }).click();
  await page.getByTestId("retention-message").filter({ hasText: "2 older runs deleted" }).waitFor();
  const runs = await (await fetch(`${bridge.url}invoke/list_runs`, { method: "POST", body: "{}" })).json();
  assert.equal(runs.length, 1);
});
