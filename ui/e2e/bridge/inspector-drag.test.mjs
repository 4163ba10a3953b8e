// The inspector's input keys on the real back end: after a dry run of the lead-routing template,
// a key dragged from the Input table (over the Settings tab) into an expression field drops its
// `{{ $json… }}` expression there, and typing `{{ $json.` suggests the input item's keys.
/* global DataTransfer, DragEvent -- used in the page */
import assert from "node:assert/strict";
import { test } from "node:test";
import { useBridgeEditor } from "../support.mjs";

let page;

const node = (id) => page.locator(`[data-testid="node-${id}"]`);

async function selectNode(id) {
  await page.locator(`[data-testid="node-${id}"] .sy-node__title`).click();
}

async function tab(name) {
  await page.getByRole("tab", { name, exact: true }).click();
}

useBridgeEditor({}, async (session) => {
  ({ page } = session);
  await page.getByLabel("Open template").selectOption("lead-routing.flow.json");
  await node("size").waitFor();
  await page.getByText("✓ No problems").waitFor();
  await page.getByLabel("Dry run").check();
  await page.getByTestId("run-once").click();
  await page.getByTestId("run-outcome").filter({ hasText: "succeeded" }).waitFor();
});

test("a column of the Input table dragged over the Settings tab into a field adds its expression", async () => {
  await selectNode("create-contact");
  await tab("Input");
  const column = page.getByTestId("input-0").locator("th", { hasText: /^body$/ });
  assert.equal(await column.getAttribute("draggable"), "true");
  assert.equal(await column.getAttribute("data-expression"), "{{ $json.body }}");
  // A real mouse drag: press on the column, hover the Settings tab (which opens it), drop on Url.
  await column.hover();
  await page.mouse.down();
  await page.getByRole("tab", { name: "Settings", exact: true }).hover();
  const url = page.getByLabel("Url", { exact: true });
  await url.hover();
  assert.match(await url.locator("xpath=..").getAttribute("class"), /is-drop-target/);
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector('input[aria-label="Url"]')?.value.endsWith("{{ $json.body }}"));
  assert.equal(await url.inputValue(), "http://127.0.0.1:18080/crm/v3/objects/contacts{{ $json.body }}");
  assert.match(await page.locator(".sy-path").innerText(), /edited/);
  // The drop is one edit: undo takes it back.
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Control+z");
  await selectNode("create-contact");
  await tab("Settings");
  assert.equal(await page.getByLabel("Url", { exact: true }).inputValue(), "http://127.0.0.1:18080/crm/v3/objects/contacts");
});

test("a nested key of the Input's JSON view drops its full path where the caret is", async () => {
  await tab("Input");
  await page.getByTestId("input-0").getByRole("button", { name: "JSON", exact: true }).click();
  const key = page.getByTestId("input-0").locator('.sy-items__key[data-expression="{{ $json.body.email }}"]');
  await key.waitFor();
  await tab("Settings");
  const url = page.getByLabel("Url", { exact: true });
  await url.fill("http://crm/?email=&x=1");
  await url.evaluate((el) => el.setSelectionRange(18, 18));
  // The drop itself, with a shared DataTransfer, onto the field that has the caret.
  await page.evaluate(() => {
    const field = document.querySelector('input[aria-label="Url"]');
    const data = new DataTransfer();
    data.setData("text/plain", "{{ $json.body.email }}");
    data.setData("application/x-switchyard-key", "{{ $json.body.email }}");
    for (const type of ["dragenter", "dragover", "drop"]) {
      field.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    }
  });
  assert.equal(await url.inputValue(), "http://crm/?email={{ $json.body.email }}&x=1");
});

test("typing `{{ $json.` suggests the input item's keys; Enter accepts one, arrows move, Escape closes", async () => {
  const url = page.getByLabel("Url", { exact: true });
  await url.fill("");
  await url.pressSequentially("{{ $json.");
  const list = page.getByTestId("expr-suggestions");
  await list.waitFor();
  const keys = await list.getByRole("option").allInnerTexts();
  assert.ok(keys.includes("body") && keys.includes("owner"), `suggested ${keys.join(", ")}`);
  for (let i = 0; i < keys.indexOf("body"); i++) await page.keyboard.press("ArrowDown");
  assert.equal(await list.locator('[aria-selected="true"]').innerText(), "body");
  await page.keyboard.press("Enter");
  assert.equal(await url.inputValue(), "{{ $json.body");
  await list.waitFor({ state: "detached" });
  await url.pressSequentially(".em");
  await list.waitFor();
  assert.deepEqual(await list.getByRole("option").allInnerTexts(), ["email", "employees"]);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Tab");
  assert.equal(await url.inputValue(), "{{ $json.body.employees");
  await url.pressSequentially(" }} {{ $json.");
  await list.waitFor();
  await page.keyboard.press("Escape");
  await list.waitFor({ state: "detached" });
  assert.equal(await page.getByTestId("side-panel").count(), 1, "Escape only closed the list");
  await url.pressSequentially("o");
  await list.getByRole("option", { name: "owner" }).click();
  assert.equal(await url.inputValue(), "{{ $json.body.employees }} {{ $json.owner");
});

test("a node without run input suggests nothing", async () => {
  await selectNode("owner-small");
  await tab("Settings");
  const field = page.getByTestId("side-panel").locator(".sy-expr__input").first();
  await field.fill("");
  await field.pressSequentially("{{ $json.");
  await page.waitForTimeout(200);
  assert.equal(await page.getByTestId("expr-suggestions").count(), 0);
});
