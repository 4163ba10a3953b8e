// Editing a node's pinned output as JSON: the lead-routing template pins a sample lead on its
// trigger; the Output tab edits it, the canvas keeps the PIN mark, saving writes it, undo restores it.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, openEditor } from "../support.mjs";
import { savedFile, selectNode } from "./canvas.mjs";

const FILE = "lead-routing.flow.json";
let browser;
let page;

before(async () => {
  browser = await launchBrowser();
  page = await openEditor(browser);
});
after(async () => { await browser?.close(); });

async function savedPin() {
  await page.getByTestId("save").click();
  await page.getByText(`Saved templates/${FILE}`).waitFor();
  return JSON.parse(await savedFile(page, `templates/${FILE}`)).pinned.lead;
}

test("edits the trigger's pinned data as JSON, saves it, and undo restores it", async () => {
  await page.getByLabel("Open template").selectOption(FILE);
  await page.getByTestId("pin-lead").waitFor();
  await selectNode(page, "lead");
  const panel = page.getByTestId("side-panel");
  await panel.getByRole("tab", { name: "Output" }).click();
  await panel.getByTestId("pinned-items").getByText("ada@example.com").first().waitFor();

  await panel.getByTestId("edit-pin").click();
  const editor = panel.getByLabel("Pinned data (JSON)");
  const original = await editor.inputValue();
  assert.equal(JSON.parse(original)[0].body.email, "ada@example.com");
  assert.ok(original.includes('\n  {\n    "method": "POST"'), "pretty JSON");

  // Not an array of objects: refused with the reason, nothing changes.
  await editor.fill('[{}, "x"]');
  await panel.getByTestId("pin-editor-save").click();
  await panel.getByTestId("pin-editor-error").getByText("Item 2 is not an object", { exact: false }).waitFor();

  await editor.fill(original.replace("ada@example.com", "edited@example.com"));
  await panel.getByTestId("pin-editor-save").click();
  await panel.getByTestId("pin-editor").waitFor({ state: "detached" });
  await panel.getByTestId("pinned-items").getByText("edited@example.com").first().waitFor();
  assert.equal(await page.getByTestId("pin-lead").count(), 1, "the canvas still marks the node as pinned");
  assert.equal((await savedPin())[0].body.email, "edited@example.com");

  await page.evaluate(() => { if (document.activeElement instanceof HTMLElement) document.activeElement.blur(); });
  await page.keyboard.press("Control+z");
  await panel.getByTestId("pinned-items").getByText("ada@example.com").first().waitFor();
  assert.equal((await savedPin())[0].body.email, "ada@example.com");
});

test("sets pinned data by hand on a node that never ran; Escape cancels", async () => {
  const panel = page.getByTestId("side-panel");
  await panel.getByRole("tab", { name: "Settings" }).click();
  await selectNode(page, "owner-small");
  await panel.getByRole("tab", { name: "Output" }).click();
  await panel.getByTestId("set-pin").click();
  const editor = panel.getByLabel("Pinned data (JSON)");
  assert.equal(await editor.inputValue(), "[\n  {}\n]");
  await editor.press("Escape");
  await panel.getByTestId("pin-editor").waitFor({ state: "detached" });
  assert.equal(await page.getByTestId("pin-owner-small").count(), 0);

  await panel.getByTestId("set-pin").click();
  await editor.fill('[{ "segment": "small" }]');
  await editor.press("Control+Enter");
  await page.getByTestId("pin-owner-small").waitFor();
  await panel.getByTestId("unpin").waitFor();
});
