// The triggered e-mail workflow, built from the keyboard: Tab opens the add menu, Enter adds the
// first match, and Tab on the selected node adds the next node after it, already connected;
// params are typed into the panel; Ctrl+S saves (the save dialog answered by the test).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, openEditor } from "../support.mjs";
import { answerDialogs, edgeCount, savedFile, selectNode } from "./canvas.mjs";

let browser;
let page;

before(async () => {
  browser = await launchBrowser();
  page = await openEditor(browser);
});
after(async () => { await browser?.close(); });

async function addByKeyboard(search, id) {
  await page.keyboard.press("Tab");
  await page.getByPlaceholder("Add a node…").fill(search);
  await page.keyboard.press("Enter");
  await page.locator(`[data-testid="node-${id}"]`).waitFor();
}

test("Tab on a selected node adds the next node after it, connected", async () => {
  await page.mouse.move(420, 320);
  await addByKeyboard("webhook", "webhook");
  await addByKeyboard("send email", "send");
  assert.equal(await edgeCount(page), 1);
  const a = await page.locator('[data-testid="node-webhook"]').boundingBox();
  const b = await page.locator('[data-testid="node-send"]').boundingBox();
  assert.ok(a && b && b.x > a.x + a.width && Math.abs(a.y - b.y) < 5, "placed to the right, on the same row");
});

test("the triggered e-mail workflow is configured, validates and saves", async () => {
  await page.getByLabel("To", { exact: true }).fill("{{ $json.body.email }}");
  await page.getByLabel("Subject", { exact: true }).fill("Welcome, {{ $json.body.name }}");
  await page.getByLabel("Text", { exact: true }).fill("Thanks for signing up, {{ $json.body.name }}.");
  await page.getByLabel("Credential").selectOption("smtp-main");
  await selectNode(page, "webhook");
  await page.getByLabel("Path", { exact: true }).fill("signup");
  await page.getByLabel("Workflow name").fill("Welcome e-mail");
  await page.getByText("✓ No problems").waitFor();
  await answerDialogs(page, "/workspace/welcome.flow.json");
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Control+s");
  await page.getByText("Saved /workspace/welcome.flow.json").waitFor();
  const saved = JSON.parse(await savedFile(page, "/workspace/welcome.flow.json"));
  assert.deepEqual(saved.nodes.map((n) => n.type), ["trigger.webhook", "email.send"]);
  assert.deepEqual(saved.edges, [{ from: "webhook", to: "send" }]);
  const email = saved.nodes[1];
  assert.equal(email.credential, "smtp-main");
  assert.deepEqual(email.params, {
    to: "{{ $json.body.email }}",
    subject: "Welcome, {{ $json.body.name }}",
    text: "Thanks for signing up, {{ $json.body.name }}.",
  });
  assert.equal(saved.nodes[0].params.path, "signup");
});
