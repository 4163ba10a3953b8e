// Every shipped template opens on the canvas without problems, and saving it unchanged writes the
// same bytes as the file (the UI's writer matches the Rust writer).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { launchBrowser, openEditor } from "../support.mjs";
import { savedFile } from "./canvas.mjs";

const templates = JSON.parse(readFileSync(new URL("../fixtures/templates.json", import.meta.url), "utf8"));
let browser;
let page;

before(async () => {
  browser = await launchBrowser();
  page = await openEditor(browser);
});
after(async () => { await browser?.close(); });

for (const { file, text } of templates) {
  test(`${file} opens and saves byte for byte`, async () => {
    await page.getByLabel("Open template").selectOption(file);
    const doc = JSON.parse(text);
    await page.locator(`[data-testid="node-${doc.nodes[0].id}"]`).waitFor();
    assert.equal(await page.locator(".react-flow__edge").count(), doc.edges.length);
    await page.getByText("✓ No problems").waitFor();
    await page.getByTestId("save").click();
    await page.getByText(`Saved templates/${file}`).waitFor();
    assert.equal(await savedFile(page, `templates/${file}`), text);
  });
}
