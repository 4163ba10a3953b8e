// Files like a desktop editor: Save as and Open through the native dialogs (answered by the mock
// host's queue), the workspace list, the unsaved-changes question, Ctrl+S and Ctrl+O.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, openEditor } from "../support.mjs";
import { answerDialogs, dialogLog, savedFile } from "./canvas.mjs";

let browser;
let page;

before(async () => {
  browser = await launchBrowser();
  page = await openEditor(browser);
});
after(async () => { await browser?.close(); });

async function addNode(search, x, y) {
  await page.mouse.move(x, y);
  await page.keyboard.press("Tab");
  await page.getByPlaceholder("Add a node…").fill(search);
  await page.keyboard.press("Enter");
}

async function fileMenu(item) {
  await page.getByRole("button", { name: "File ▾" }).click();
  await page.getByRole("menuitem", { name: item }).click();
}

async function blur() {
  await page.evaluate(() => { if (document.activeElement instanceof HTMLElement) document.activeElement.blur(); });
}

function workspaceEntry(path) {
  return page.locator(`[data-testid="workspace"] [data-path="${path}"]`);
}

async function lastQuestion() {
  const log = await dialogLog(page);
  return log.filter((d) => d.cmd === "plugin:dialog|message").at(-1)?.args.message;
}

test("the palette is the default tab; the workspace tab lists the folder", async () => {
  await page.locator('[aria-label="Nodes"] .sy-palette__item').first().waitFor();
  await page.getByRole("tab", { name: "Workflows" }).click();
  await page.getByTestId("workspace").getByText("/workspace").waitFor();
  await page.getByText("No workflows in this folder yet.").waitFor();
  await page.getByRole("tab", { name: "Nodes" }).click();
});

test("Save on a new workflow asks where, writes there, and the file shows in the workspace list", async () => {
  await page.getByLabel("Workflow name").fill("Orders");
  await blur();
  await addNode("manual", 400, 300);
  await page.locator('[data-testid="node-manual"]').waitFor();
  await answerDialogs(page, "/workspace/orders");
  await page.getByTestId("save").click();
  await page.getByText("Saved /workspace/orders.flow.json").waitFor();
  const save = (await dialogLog(page)).find((d) => d.cmd === "plugin:dialog|save");
  assert.equal(save.args.options.defaultPath, "/workspace/untitled.flow.json");
  const saved = JSON.parse(await savedFile(page, "/workspace/orders.flow.json"));
  assert.equal(saved.name, "Orders");
  assert.deepEqual(saved.nodes.map((n) => n.id), ["manual"]);
  await page.getByRole("tab", { name: "Workflows" }).click();
  const entry = workspaceEntry("/workspace/orders.flow.json");
  await entry.getByText("Orders", { exact: true }).waitFor();
  assert.equal(await entry.locator(".sy-workspace__badge").count(), 0);
  assert.match(await entry.getAttribute("class"), /is-open/);
});

test("Save as writes where the dialog says; a workflow with problems gets a badge", async () => {
  await fileMenu("New");
  await page.getByLabel("Workflow name").fill("Hook");
  await blur();
  await addNode("webhook", 400, 300);
  await page.getByText("1 problem").waitFor();
  await blur();
  await answerDialogs(page, "/workspace/hook.flow.json");
  await fileMenu("Save as…");
  await page.getByText("Saved /workspace/hook.flow.json").waitFor();
  const entry = workspaceEntry("/workspace/hook.flow.json");
  await entry.getByText("Hook", { exact: true }).waitFor();
  assert.equal(await entry.locator(".sy-workspace__badge").textContent(), "1");
  assert.equal(await workspaceEntry("/workspace/orders.flow.json").locator(".sy-workspace__badge").count(), 0);
});

test("an edited document is kept when the question is answered no, and replaced on yes", async () => {
  await page.getByLabel("Workflow name").fill("Hook edited");
  await page.getByText("· edited").waitFor();
  await answerDialogs(page, false);
  await workspaceEntry("/workspace/orders.flow.json").click();
  await page.waitForFunction(() => window.__switchyardDialogs.length === 0);
  assert.equal(await lastQuestion(), "Discard unsaved changes to Hook edited?");
  assert.equal(await page.getByLabel("Workflow name").inputValue(), "Hook edited");
  await answerDialogs(page, true);
  await workspaceEntry("/workspace/orders.flow.json").click();
  await page.locator('[data-testid="node-manual"]').waitFor();
  assert.equal(await page.getByLabel("Workflow name").inputValue(), "Orders");
  assert.equal(await page.locator(".react-flow__node").count(), 1);
});

test("Ctrl+S saves to the open file without asking; Ctrl+O opens a file through the dialog", async () => {
  await page.getByLabel("Workflow name").fill("Orders v2");
  const before = (await dialogLog(page)).length;
  await page.keyboard.press("Control+s");
  await page.getByText("Saved /workspace/orders.flow.json").waitFor();
  assert.equal((await dialogLog(page)).length, before, "no dialog for a document with a file");
  assert.equal(JSON.parse(await savedFile(page, "/workspace/orders.flow.json")).name, "Orders v2");
  await workspaceEntry("/workspace/orders.flow.json").getByText("Orders v2", { exact: true }).waitFor();

  await blur();
  await answerDialogs(page, "/workspace/hook.flow.json");
  await page.keyboard.press("Control+o");
  await page.locator('[data-testid="node-webhook"]').waitFor();
  assert.equal(await page.getByLabel("Workflow name").inputValue(), "Hook");
  const open = (await dialogLog(page)).filter((d) => d.cmd === "plugin:dialog|open").at(-1);
  assert.equal(open.args.options.defaultPath, "/workspace");
  assert.equal(await lastQuestion(), "Discard unsaved changes to Hook edited?", "nothing was edited: no new question");
});

test("New asks before discarding edits; Change folder switches the list", async () => {
  await page.getByLabel("Workflow name").fill("Hook renamed");
  await blur();
  await answerDialogs(page, false);
  await fileMenu("New");
  await page.waitForFunction(() => window.__switchyardDialogs.length === 0);
  assert.equal(await page.getByLabel("Workflow name").inputValue(), "Hook renamed");
  await answerDialogs(page, true);
  await fileMenu("New");
  await page.locator('input[aria-label="Workflow name"][value="Untitled workflow"]').waitFor();
  assert.equal(await page.locator(".react-flow__node").count(), 0);

  await answerDialogs(page, "/elsewhere");
  await page.getByRole("button", { name: "Change folder…" }).click();
  await page.getByText("No workflows in this folder yet.").waitFor();
  await page.getByTestId("workspace").getByText("/elsewhere").waitFor();
  await answerDialogs(page, "/workspace");
  await page.getByRole("button", { name: "Change folder…" }).click();
  await workspaceEntry("/workspace/hook.flow.json").waitFor();
});

test("a browser tab warns before unloading unsaved edits", async () => {
  await page.getByLabel("Workflow name").fill("Unsaved");
  const warned = new Promise((resolve) => page.once("dialog", (d) => { resolve(d.type()); void d.dismiss(); }));
  await page.close({ runBeforeUnload: true });
  assert.equal(await warned, "beforeunload");
});
