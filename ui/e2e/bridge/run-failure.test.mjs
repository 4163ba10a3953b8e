// A run that fails on the real back end: the failed node shows its error on the canvas and in
// the inspector's attempts, and the Runs view finds the run under "failed".
import assert from "node:assert/strict";
import { test } from "node:test";
import { useBridgeEditor } from "../support.mjs";

let page;

useBridgeEditor({}, async (session) => {
  ({ page } = session);
});

test("a node that fails shows its error kind and message, its attempts, and the run is listed as failed", async () => {
  await page.getByLabel("Open template").selectOption("lead-routing.flow.json");
  await page.getByText("✓ No problems").waitFor();
  // Not a dry run: the CRM request goes to a port where nothing listens.
  await page.getByTestId("run-once").click();
  await page.getByTestId("run-outcome").filter({ hasText: "failed" }).waitFor({ timeout: 60_000 });
  const crm = page.locator('[data-testid="node-create-contact"]');
  assert.equal(await crm.getAttribute("data-run-status"), "failed");
  assert.match(await page.getByTestId("error-create-contact").innerText(), /^network /);
  await crm.locator(".sy-node__title").click();
  await page.getByRole("tab", { name: "Attempts", exact: true }).click();
  await page.getByTestId("inspector-error").waitFor();
  assert.equal(await page.locator(".sy-attempts li.is-failed").count(), 3);
  await page.getByRole("tab", { name: "Runs", exact: true }).click();
  await page.getByLabel("Status").selectOption("failed");
  await page.getByTestId("run-row").filter({ hasText: /failed/i }).waitFor();
});
