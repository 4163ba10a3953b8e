// "Listen for a test event" on the real back end, with the app's webhook listener on: the
// webhook trigger's test URL takes one request from outside (node's fetch, as curl would), and
// the workflow test-runs with its item (live statuses, the trigger's output in the inspector).
// Stop closes the URL; without a listener the panel says why it cannot listen.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openBridgeEditor, startBridge, useBridgeEditor } from "../support.mjs";

let browser;
let page;

const node = (id) => page.locator(`[data-testid="node-${id}"]`);

async function openLeadRouting(on) {
  await on.getByLabel("Open template").selectOption("lead-routing.flow.json");
  await on.locator('[data-testid="node-size"]').waitFor();
  await on.getByText("✓ No problems").waitFor();
  // The CRM node only simulates its write.
  await on.getByLabel("Dry run").check();
  await on.locator('[data-testid="node-lead"] .sy-node__title').click();
}

function send(url, body) {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

useBridgeEditor({ hostListen: true }, async (session) => {
  ({ browser, page } = session);
  await openLeadRouting(page);
});

test("a request to the test URL runs the workflow with its data", async () => {
  await page.getByTestId("listen-test-event").click();
  await page.getByText("Waiting for a test event…").waitFor();
  const url = await page.getByTestId("test-event-url").innerText();
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/webhook-test\/lead$/);
  await page.getByText("Send a POST request to").waitFor();
  assert.equal(await page.getByTestId("test-event-curl").innerText(),
    `curl -X POST -H 'content-type: application/json' -d '{"email":"ada@example.com"}' ${url}`);

  const answer = await send(url, { email: "ada@example.com", company: "Test Event Co", employees: 240 });
  assert.equal(answer.status, 200, await answer.text());

  await page.getByTestId("test-event-received").waitFor();
  assert.equal(await page.getByTestId("test-event-waiting").count(), 0);
  await page.getByTestId("run-outcome").filter({ hasText: "succeeded" }).waitFor();
  const statuses = await page.locator(".sy-node").evaluateAll((els) => els.map((e) => [e.dataset.nodeId, e.dataset.runStatus]));
  for (const [id, status] of statuses) assert.ok(status, `${id} has no status`);
  // The received item, not the pinned sample, fed the trigger.
  assert.equal(await node("lead").getAttribute("data-run-status"), "succeeded");
  await page.getByRole("tab", { name: "Output", exact: true }).click();
  const output = page.getByTestId("inspector");
  await output.getByText("Test Event Co").first().waitFor();
  assert.match(await output.innerText(), /ada@example\.com/);
  await page.getByRole("tab", { name: "Settings", exact: true }).click();
});

test("Stop listening closes the test URL", async () => {
  await page.getByTestId("listen-test-event").click();
  const url = await page.getByTestId("test-event-url").innerText();
  await page.getByTestId("stop-test-listen").click();
  assert.equal(await page.getByTestId("test-listen-ended").innerText(), "Stopped listening.");
  // The host's own `test-listen-ended` may come after the answer to Stop: wait for the URL to close.
  let status = 0;
  for (let i = 0; i < 50 && status !== 404; i++) {
    status = (await send(url, { email: "ada@example.com" })).status;
    if (status !== 404) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(status, 404);
});

test("without the app's webhook listener the panel says why it cannot listen", async () => {
  const quiet = await startBridge();
  try {
    const other = await openBridgeEditor(browser, quiet);
    await openLeadRouting(other);
    await other.getByTestId("listen-test-event").click();
    const error = other.getByTestId("test-listen-error");
    await error.waitFor();
    assert.match(await error.innerText(), /the app takes no webhooks/);
    assert.equal(await other.getByTestId("test-event-url").count(), 0);
    await other.context().close();
  } finally {
    quiet.stop();
  }
});
