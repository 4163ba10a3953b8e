// Builds the lead-routing workflow from an empty canvas with the mouse and keyboard, saves it, and
// compares the saved document with the expected one; then undo/redo, copy/paste and a refused edge.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { launchBrowser, openEditor } from "../support.mjs";
import { answerDialogs, connect, dropNode, edgeCount, savedFile, selectNode } from "./canvas.mjs";

const expected = JSON.parse(readFileSync(new URL("../expected/lead-routing.json", import.meta.url), "utf8"));
let browser;
let page;

before(async () => {
  browser = await launchBrowser();
  page = await openEditor(browser);
});
after(async () => { await browser?.close(); });

async function configureRule(index, port, op, right) {
  const rule = page.locator(".sy-list__item").nth(index);
  await rule.getByLabel("Port", { exact: true }).fill(port);
  await rule.getByText("+ Condition").click();
  await rule.getByLabel("Left").fill("{{ $json.body.employees }}");
  await rule.getByLabel("Operator").selectOption(op);
  await rule.getByLabel("Right").fill(String(right));
}

async function setField(id, key, value) {
  await selectNode(page, id);
  await page.getByText("+ Add", { exact: true }).click();
  await page.getByLabel("Fields key").fill(key);
  await page.getByLabel("Fields value").fill(value);
}

async function clearFocus() {
  await page.evaluate(() => { if (document.activeElement instanceof HTMLElement) document.activeElement.blur(); });
  await page.keyboard.press("Escape");
}

function withoutPositions(doc) {
  return { ...doc, nodes: doc.nodes.map((n) => Object.fromEntries(Object.entries(n).filter(([k]) => k !== "position"))) };
}

test("builds the lead-routing workflow by drag and drop and saves the expected document", async () => {
  await page.getByLabel("Workflow name").fill("Lead routing by company size");
  await dropNode(page, "trigger.webhook", 340, 200);
  await dropNode(page, "logic.switch", 580, 200);
  await dropNode(page, "data.set", 860, 110);
  await dropNode(page, "data.set", 860, 260);
  await dropNode(page, "data.set", 860, 410);
  await dropNode(page, "http.request", 580, 560);
  await dropNode(page, "flow.respond", 860, 620);
  assert.equal(await page.locator(".react-flow__node").count(), 7);

  await selectNode(page, "webhook");
  await page.getByLabel("Node name").fill("New lead");
  await page.getByLabel("Path", { exact: true }).fill("lead");
  await page.getByLabel("Method").selectOption('"POST"');
  await page.getByLabel("Respond").selectOption('"when_done"');

  await selectNode(page, "switch");
  await page.getByLabel("Node name").fill("Company size");
  for (let i = 0; i < 3; i++) await page.getByText("+ Add rule").click();
  await configureRule(0, "small", "lt", 50);
  await configureRule(1, "mid", "lte", 500);
  await configureRule(2, "enterprise", "gt", 500);
  // The Switch grew one handle per rule, live.
  await page.locator('[data-testid="node-switch"] .react-flow__handle.source[data-handleid="enterprise"]').waitFor();

  await setField("set", "segment", "small");
  await setField("set-2", "segment", "mid");
  await setField("set-3", "segment", "enterprise");

  await selectNode(page, "request");
  await page.getByLabel("Method").selectOption('"POST"');
  await page.getByLabel("Url").fill("http://127.0.0.1:18080/crm/v3/objects/contacts");

  await connect(page, "webhook", "main", "switch");
  await connect(page, "switch", "small", "set");
  await connect(page, "switch", "mid", "set-2");
  await connect(page, "switch", "enterprise", "set-3");
  await connect(page, "set", "main", "request");
  await connect(page, "set-2", "main", "request");
  await connect(page, "set-3", "main", "request");
  await connect(page, "request", "main", "respond");
  assert.equal(await edgeCount(page), 8);

  await page.getByRole("button", { name: "Tidy up" }).click();
  await page.getByText("✓ No problems").waitFor();
  await answerDialogs(page, "/workspace/lead-routing.flow.json");
  await page.getByTestId("save").click();
  await page.getByText("Saved /workspace/lead-routing.flow.json").waitFor();
  const text = await savedFile(page, "/workspace/lead-routing.flow.json");
  assert.ok(text, "the document was saved");
  assert.ok(text.endsWith("}\n"));
  const saved = JSON.parse(text);
  assert.deepEqual(withoutPositions(saved), expected);
  for (const node of saved.nodes) {
    assert.ok(Number.isInteger(node.position[0]) && Number.isInteger(node.position[1]), `${node.id} has a position`);
  }
  assert.ok(text.includes('\n    { "from": "switch", "port": "small", "to": "set" },\n'), "an edge is one line");
});

test("undo and redo every edit", async () => {
  await clearFocus();
  const nodes = await page.locator(".react-flow__node").count();
  await selectNode(page, "respond");
  await page.keyboard.press("Delete");
  await page.waitForFunction((n) => document.querySelectorAll(".react-flow__node").length === n - 1, nodes);
  assert.equal(await edgeCount(page), 7);
  await clearFocus();
  await page.keyboard.press("Control+z");
  await page.waitForFunction((n) => document.querySelectorAll(".react-flow__node").length === n, nodes);
  // The restored edges are drawn a frame after their nodes.
  await page.waitForFunction(() => document.querySelectorAll(".react-flow__edge").length === 8);
  assert.equal(await edgeCount(page), 8);
  await page.keyboard.press("Control+Shift+z");
  await page.waitForFunction((n) => document.querySelectorAll(".react-flow__node").length === n - 1, nodes);
  await page.keyboard.press("Control+z");
  await page.waitForFunction((n) => document.querySelectorAll(".react-flow__node").length === n, nodes);
});

test("copy and paste nodes as workflow JSON", async () => {
  await selectNode(page, "request");
  await page.keyboard.press("Control+c");
  await page.getByText("Copied 1 node").waitFor();
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  const fragment = JSON.parse(clip);
  assert.equal(fragment.schema, "switchyard/workflow@1");
  assert.equal(fragment.nodes[0].type, "http.request");
  await page.keyboard.press("Control+v");
  await page.locator('[data-testid="node-request-2"]').waitFor();
  await page.keyboard.press("d");
  await page.locator('[data-testid="node-request-2"].is-disabled').waitFor();
  await page.keyboard.press("Control+z");
  await page.keyboard.press("Control+z");
  await page.locator('[data-testid="node-request-2"]').waitFor({ state: "detached" });
});

test("an edge the engine would reject is refused with the reason", async () => {
  const before = await edgeCount(page);
  await connect(page, "set-2", "main", "switch");
  await page.getByTestId("notice").filter({ hasText: "cycle" }).waitFor();
  assert.equal(await edgeCount(page), before);
});

test("a second trigger is refused", async () => {
  await dropNode(page, "trigger.manual", 400, 700);
  await page.getByTestId("notice").filter({ hasText: "exactly one trigger" }).waitFor();
  assert.equal(await page.locator('[data-testid="node-manual"]').count(), 0);
});
