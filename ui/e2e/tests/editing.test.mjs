// Adding nodes at the pointer, sticky notes, deleting an edge, and the problems list.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, openEditor } from "../support.mjs";
import { answerDialogs, connect, dropNode, edgeCount, savedFile } from "./canvas.mjs";

let browser;
let page;

before(async () => {
  browser = await launchBrowser();
  page = await openEditor(browser);
});
after(async () => { await browser?.close(); });

test("Tab and double-click open the add menu at the pointer", async () => {
  await page.mouse.move(400, 300);
  await page.keyboard.press("Tab");
  await page.getByPlaceholder("Add a node…").fill("webhook");
  await page.keyboard.press("Enter");
  await page.locator('[data-testid="node-webhook"]').waitFor();
  await page.mouse.dblclick(700, 300);
  await page.getByPlaceholder("Add a node…").fill("code");
  await page.keyboard.press("Enter");
  await page.locator('[data-testid="node-code"]').waitFor();
  const a = await page.locator('[data-testid="node-webhook"]').boundingBox();
  const b = await page.locator('[data-testid="node-code"]').boundingBox();
  assert.ok(a && b && Math.abs(a.x + 100 - 400) < 30 && Math.abs(b.x + 100 - 700) < 30, "placed at the pointer");
});

test("an edge can be selected and deleted, and undo brings it back", async () => {
  await connect(page, "webhook", "main", "code");
  assert.equal(await edgeCount(page), 1);
  await page.locator(".react-flow__edge").click({ force: true });
  await page.locator(".react-flow__edge.selected").waitFor();
  await page.keyboard.press("Delete");
  await page.waitForFunction(() => document.querySelectorAll(".react-flow__edge").length === 0);
  await page.keyboard.press("Control+z");
  await page.waitForFunction(() => document.querySelectorAll(".react-flow__edge").length === 1);
});

test("the problems list names the node, and a click selects it", async () => {
  await page.getByText("2 problems").waitFor();
  await page.locator(".sy-problem").filter({ hasText: "path is required" }).click();
  await page.locator('[data-testid="node-webhook"].is-selected').waitFor();
  await page.locator('[data-testid="node-webhook"].has-problems').waitFor();
  await page.locator(".sy-field__error").filter({ hasText: "path is required" }).waitFor();
  await page.getByLabel("Path", { exact: true }).fill("orders");
  await page.getByText("1 problem").waitFor();
  await page.locator(".sy-problem").filter({ hasText: "code is required" }).click();
  await page.locator('[data-testid="node-code"].is-selected').waitFor();
  await page.locator(".sy-code .cm-content").click();
  await page.keyboard.type("return items;");
  await page.getByText("✓ No problems").waitFor();
});

test("sticky notes are saved with the document", async () => {
  await page.evaluate(() => { if (document.activeElement instanceof HTMLElement) document.activeElement.blur(); });
  await page.mouse.move(500, 600);
  await page.keyboard.press("n");
  const note = page.locator('[data-testid="note-note"] textarea');
  await note.fill("Orders arrive here");
  await page.locator('[data-testid="node-code"] .sy-node__title').click();
  await dropNode(page, "flow.wait", 900, 500);
  await answerDialogs(page, "/workspace/untitled.flow.json");
  await page.getByTestId("save").click();
  await page.getByText("Saved /workspace/untitled.flow.json").waitFor();
  const saved = JSON.parse(await savedFile(page, "/workspace/untitled.flow.json"));
  assert.equal(saved.notes.length, 1);
  assert.equal(saved.notes[0].text, "Orders arrive here");
  assert.deepEqual(saved.notes[0].size, [240, 140]);
  assert.deepEqual(saved.nodes.map((n) => n.id), ["webhook", "code", "wait"]);
  assert.deepEqual(saved.nodes[1].params, { code: "return items;" });
});
