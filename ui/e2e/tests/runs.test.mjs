// Without the desktop app or the bridge there is nothing to run: the in-page host says so, and
// the Runs view is empty rather than broken.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, openEditor } from "../support.mjs";

let browser;
let page;

before(async () => {
  browser = await launchBrowser();
  page = await openEditor(browser);
});
after(async () => { await browser?.close(); });

test("Run once explains that runs need the desktop app, and the editor stays usable", async () => {
  await page.getByLabel("Open template").selectOption("lead-routing.flow.json");
  await page.locator('[data-testid="node-size"]').waitFor();
  await page.keyboard.press("Control+Enter");
  await page.getByTestId("notice").getByText("runs need the desktop app or the bridge").waitFor();
  assert.equal(await page.getByTestId("run-once").isEnabled(), true);
  assert.equal(await page.locator("[data-run-status]").count(), 0);
});

test("the Runs view lists no runs", async () => {
  await page.getByRole("tab", { name: "Runs", exact: true }).click();
  await page.getByText("No runs yet").waitFor();
  await page.locator('[data-testid="node-size"] .sy-node__title').click();
  await page.getByRole("tab", { name: "Output", exact: true }).click();
  await page.getByText("Run the workflow (Ctrl+Enter)").waitFor();
});
