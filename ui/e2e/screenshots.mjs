// Screenshots of the editor for docs/: `node e2e/screenshots.mjs` after `vite build --mode e2e`.
import { mkdirSync } from "node:fs";
import { launchBrowser, openEditor, startPreview } from "./support.mjs";

const out = new URL("../../docs/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });
const server = await startPreview();
const browser = await launchBrowser();
try {
  const page = await openEditor(browser, { width: 1680, height: 1000 });
  await page.getByLabel("Open template").selectOption("lead-routing.flow.json");
  await page.locator('[data-testid="node-size"]').waitFor();
  await page.waitForTimeout(400);
  await page.locator('[data-testid="node-size"]').click();
  await page.keyboard.press("f");
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}editor.png` });
  await page.keyboard.press("?");
  await page.screenshot({ path: `${out}editor-shortcuts.png` });
  await page.keyboard.press("Escape");
  await page.locator('[data-testid="node-create-contact"]').click();
  await page.waitForTimeout(200);
  await page.locator('[data-testid="node-create-contact"]').click();
  await page.screenshot({ path: `${out}editor-http-panel.png` });
  await page.locator('[data-testid="node-lead"]').click();
  await page.getByLabel("Path", { exact: true }).fill("");
  await page.getByText("1 problem").waitFor();
  await page.screenshot({ path: `${out}editor-problems.png` });
  await page.getByLabel("Open template").selectOption("contact-cleanup.flow.json");
  await page.waitForTimeout(400);
  await page.keyboard.press("f");
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${out}editor-merge.png` });
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  server.kill();
}
