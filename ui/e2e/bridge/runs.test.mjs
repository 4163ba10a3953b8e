// Runs from the canvas on the real back end: a dry run of the lead-routing template with live
// statuses and item counts, the inspector over the recorded data, pinning, the Runs view
// (filters, full-text search, a recorded run opened read-only, re-run) and Stop.
import assert from "node:assert/strict";
import { test } from "node:test";
import { useBridgeEditor } from "../support.mjs";

let bridge;
let page;

const node = (id) => page.locator(`[data-testid="node-${id}"]`);

async function selectNode(id) {
  await page.locator(`[data-testid="node-${id}"] .sy-node__title`).click();
}

async function tab(name) {
  await page.getByRole("tab", { name, exact: true }).click();
}

useBridgeEditor({}, async (session) => {
  ({ page, bridge } = session);
});

test("a dry run of the lead-routing template shows every node's status and the items per port", async () => {
  await page.getByLabel("Open template").selectOption("lead-routing.flow.json");
  await node("size").waitFor();
  await page.getByText("✓ No problems").waitFor();
  await page.getByLabel("Dry run").check();
  await page.getByTestId("run-once").click();
  await page.getByTestId("run-outcome").filter({ hasText: "succeeded" }).waitFor();
  const statuses = await page.locator(".sy-node").evaluateAll((els) => els.map((e) => [e.dataset.nodeId, e.dataset.runStatus]));
  assert.equal(statuses.length, 7);
  for (const [id, status] of statuses) assert.ok(status, `${id} has no status`);
  assert.equal(await node("lead").getAttribute("data-run-status"), "pinned");
  assert.equal(await node("owner-small").getAttribute("data-run-status"), "skipped");
  const counts = await Promise.all(["small", "mid", "enterprise"].map((p) => page.getByTestId(`count-size-${p}`).innerText()));
  assert.deepEqual(counts, ["small · 0 items", "mid · 1 item", "enterprise · 0 items"]);
  assert.ok(await page.locator(".react-flow__edge-text", { hasText: "1 item" }).count() >= 3);
});

test("the inspector shows the trigger's output and the connector's dry-run request; expressions preview their value", async () => {
  await selectNode("lead");
  await tab("Output");
  await page.getByTestId("inspector").getByText("ada@example.com").first().waitFor();
  await page.getByRole("button", { name: "JSON", exact: true }).click();
  assert.match(await page.getByTestId("output-main").innerText(), /"email": "ada@example.com"/);
  await selectNode("create-contact");
  await page.getByTestId("output-main").getByText("dry_run").first().waitFor();
  await selectNode("size");
  await tab("Input");
  await page.getByLabel("Search Input").fill("nobody@nowhere");
  assert.match(await page.getByTestId("input-0").innerText(), /0 of 1 item/);
  await tab("Settings");
  assert.equal(await page.getByTestId("expr-preview").first().innerText(), "= 240");
});

test("pinning a node's output marks it on the canvas and changes the document; unpin takes it back", async () => {
  await selectNode("owner-mid");
  await tab("Output");
  assert.equal(await page.getByTestId("pin-owner-mid").count(), 0);
  await page.getByTestId("pin").click();
  await page.getByTestId("pin-owner-mid").waitFor();
  assert.match(await page.locator(".sy-path").innerText(), /edited/);
  await page.getByTestId("unpin").click();
  await page.getByTestId("pin-owner-mid").waitFor({ state: "detached" });
  await page.getByTestId("pin").waitFor();
});

test("the Runs view lists the run, filters it by status and finds it by its data", async () => {
  await tab("Runs");
  const rows = page.getByTestId("run-row");
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /succeeded[\s\S]*trigger\.webhook · dry run/i);
  await page.getByLabel("Status").selectOption("failed");
  await page.getByText("No runs yet").waitFor();
  assert.equal(await rows.count(), 0);
  await page.getByLabel("Status").selectOption("any");
  await rows.first().waitFor();
  await page.getByLabel("Search runs").fill("ada@example.com");
  await page.locator(".sy-run-row__snippet", { hasText: "ada@example.com" }).first().waitFor();
  await page.getByLabel("Search runs").fill("");
  await page.getByLabel("Status").waitFor();
});

test("a recorded run opens read-only with its statuses, and Re-run records a second run", async () => {
  await page.getByTestId("run-row").first().click();
  await page.getByTestId("run-banner").getByText(/Viewing run .* — succeeded/).waitFor();
  assert.equal(await node("size").getAttribute("data-run-status"), "succeeded");
  assert.equal(await node("lead").getAttribute("data-run-status"), "pinned");
  assert.ok(await page.getByTestId("run-once").isDisabled());
  await selectNode("lead");
  await page.getByTestId("inspector").getByText("ada@example.com").first().waitFor();
  await page.getByRole("button", { name: "Replay" }).click();
  await page.getByTestId("replay").waitFor();
  await page.getByRole("button", { name: "Re-run", exact: true }).click();
  await page.getByTestId("run-banner").waitFor({ state: "detached" });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="run-row"]').length === 2);
});

test("the node menu runs up to a node: only it and what comes before it run", async () => {
  await node("owner-mid").click({ button: "right" });
  await page.getByRole("menuitem", { name: "Run up to here" }).click();
  await page.getByTestId("run-outcome").filter({ hasText: "succeeded" }).waitFor();
  await page.locator('[data-testid="node-owner-mid"][data-run-status="succeeded"]').waitFor();
  assert.notEqual(await node("create-contact").getAttribute("data-run-status"), "succeeded");
  assert.notEqual(await node("answer").getAttribute("data-run-status"), "succeeded");
  assert.equal(await node("size").getAttribute("data-run-status"), "succeeded");
});

test("Copy to editor pins a recorded run's outputs in the editor's document", async () => {
  await page.getByTestId("run-row").first().waitFor();
  await page.getByTestId("run-row").last().click();
  await page.getByTestId("run-banner").waitFor();
  await page.getByRole("button", { name: "Copy to editor" }).click();
  await page.getByTestId("run-banner").waitFor({ state: "detached" });
  for (const id of ["lead", "size", "owner-mid", "create-contact", "answer"]) await page.getByTestId(`pin-${id}`).waitFor();
  assert.equal(await page.getByTestId("pin-owner-small").count(), 0);
  await page.keyboard.press("Control+z");
  await page.getByTestId("pin-size").waitFor({ state: "detached" });
  await page.getByTestId("pin-lead").waitFor();
});

test("an invalid workflow does not run; Stop cancels a long run", async () => {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: bridge.url });
  await page.keyboard.press("Control+n");
  await page.locator('[data-testid="node-lead"]').waitFor({ state: "detached" });
  await page.getByTestId("run-once").click();
  await page.getByTestId("notice").getByText(/Could not run: the workflow has problems/).waitFor();
  assert.match(await page.getByTestId("problems").innerText(), /trigger/);
  const fragment = {
    schema: "switchyard/workflow@1", id: "clipboard", active: false,
    nodes: [
      { id: "start", type: "trigger.manual", position: [0, 0] },
      { id: "pause", type: "flow.wait", position: [260, 0], params: { ms: 30000 } },
    ],
    edges: [{ from: "start", to: "pause" }],
  };
  await page.evaluate((text) => navigator.clipboard.writeText(text), JSON.stringify(fragment));
  await page.locator(".react-flow__pane").click({ position: { x: 400, y: 400 } });
  await page.keyboard.press("Control+v");
  await node("pause").waitFor();
  await page.getByText("✓ No problems").waitFor();
  await page.keyboard.press("Control+Enter");
  await page.locator('[data-testid="node-pause"][data-run-status="running"]').waitFor();
  await page.getByTestId("stop-run").click();
  await page.getByTestId("run-outcome").filter({ hasText: "cancelled" }).waitFor();
});
