// Screenshots of runs for docs/ on the real back end: `node e2e/run-screenshots.mjs` after
// `vite build --mode e2e` (needs the bridge, see startBridge): a finished dry run with the
// inspector open, and the Runs view.
import { mkdirSync } from "node:fs";
import { launchBrowser, openBridgeEditor, startBridge } from "./support.mjs";

const out = new URL("../../docs/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });
const bridge = await startBridge();
const browser = await launchBrowser();
try {
  const page = await openBridgeEditor(browser, bridge, { width: 1440, height: 900 });
  await page.getByLabel("Open template").selectOption("lead-routing.flow.json");
  await page.locator('[data-testid="node-size"]').waitFor();
  await page.getByText("✓ No problems").waitFor();
  await page.getByLabel("Dry run").check();
  await page.getByTestId("run-once").click();
  await page.getByTestId("run-outcome").filter({ hasText: "succeeded" }).waitFor();
  await page.getByTestId("run-once").click();
  await page.getByTestId("run-outcome").filter({ hasText: "succeeded" }).waitFor();
  await page.locator('[data-testid="node-create-contact"] .sy-node__title').click();
  await page.getByRole("tab", { name: "Output", exact: true }).click();
  await page.getByTestId("inspector").getByText("dry_run").first().waitFor();
  await page.keyboard.press("f");
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}run-inspector.png` });
  await page.getByRole("tab", { name: "Runs", exact: true }).click();
  await page.getByTestId("run-row").nth(1).waitFor();
  await page.getByTestId("run-row").first().click();
  await page.getByTestId("run-banner").waitFor();
  await page.locator('[data-testid="node-size"] .sy-node__title').click();
  await page.getByRole("tab", { name: "Input", exact: true }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}run-history.png` });
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  bridge.stop();
}
