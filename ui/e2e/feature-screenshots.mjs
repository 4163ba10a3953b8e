// Screenshots of two features for docs/ on the real back end: `node e2e/feature-screenshots.mjs`
// after `vite build --mode e2e`, inside scripts/with-keyring.sh (sign-in keeps its secret in the
// keychain). Needs the bridge and the fake HubSpot (SWITCHYARD_BRIDGE / SWITCHYARD_FAKE_HUBSPOT, or
// the debug builds next to the repository).
// docs/test-event.png: the lead-routing template, its webhook trigger selected, listening for a
// test event (test URL and curl example); docs/test-event-run.png: the same after a request to
// that URL, the workflow test-run (dry run: the CRM node only simulates its write) and the
// trigger's output in the inspector.
// docs/sign-in.png: the Credentials screen waiting for "Sign in with HubSpot" against the fake
// HubSpot (the link and the redirect URL); the consent page is not opened, Cancel ends it.
import { mkdirSync } from "node:fs";
import { launchBrowser, openBridgeEditor, startBridge, startFakeHubSpot } from "./support.mjs";

const out = new URL("../../docs/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });

const VIEWPORT = { width: 1440, height: 900 };
const WAIT = 30_000;

/** Settles hover effects and animations before a screenshot. */
async function settle(page) {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
}

/** `promise`, or an error after `ms`. */
async function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, fail) => { timer = setTimeout(() => fail(new Error(`${what} took over ${ms} ms`)), ms); });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function testEventScreenshots(browser) {
  const bridge = await startBridge({ hostListen: true });
  try {
    const page = await openBridgeEditor(browser, bridge, VIEWPORT);
    page.setDefaultTimeout(WAIT);
    await page.getByLabel("Open template").selectOption("lead-routing.flow.json");
    await page.locator('[data-testid="node-size"]').waitFor();
    await page.getByText("✓ No problems").waitFor();
    // The template's HTTP node calls a local service that is not running: dry run, as the test does.
    await page.getByLabel("Dry run").check();
    await page.locator('[data-testid="node-lead"] .sy-node__title').click();
    await page.getByTestId("listen-test-event").click();
    await page.getByTestId("test-event-waiting").waitFor();
    const url = await page.getByTestId("test-event-url").innerText();
    await settle(page);
    await page.screenshot({ path: `${out}test-event.png` });

    const answer = await within(WAIT, "the request to the test URL", fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "ada@example.com", company: "Acme", employees: 12 }),
    }));
    if (answer.status !== 200) throw new Error(`the test URL answered ${answer.status}: ${await answer.text()}`);
    await page.getByTestId("test-event-received").waitFor();
    await page.getByTestId("run-outcome").filter({ hasText: "succeeded" }).waitFor();
    await page.getByRole("tab", { name: "Output", exact: true }).click();
    // The JSON view shows the request's body (the table's columns would cut it off).
    await page.getByTestId("inspector").getByRole("button", { name: "JSON", exact: true }).click();
    await page.getByTestId("inspector").getByText("Acme").first().waitFor();
    await settle(page);
    await page.screenshot({ path: `${out}test-event-run.png` });
    await page.context().close();
  } finally {
    bridge.stop();
  }
}

async function signInScreenshot(browser) {
  const fake = await startFakeHubSpot();
  try {
    const bridge = await startBridge();
    try {
      const page = await openBridgeEditor(browser, bridge, VIEWPORT);
      page.setDefaultTimeout(WAIT);
      await page.getByTestId("open-credentials").click();
      await page.getByRole("dialog", { name: "Credentials" }).waitFor();
      const form = page.getByRole("form", { name: "Add credential" });
      await form.getByLabel("Credential type").selectOption("hubspot.oauth");
      await form.getByLabel("Credential id").fill("hubspot-oauth");
      await form.getByLabel("client_id").fill("fake-client-id");
      await form.getByLabel("client_secret").fill("fake-client-secret");
      // The default port, written out: the empty field's placeholder would read 587 (the SMTP default).
      await form.getByLabel("redirect_port").fill("8791");
      await form.getByLabel("auth_url").fill(`${fake.url}/oauth/authorize`);
      await form.getByLabel("base_url").fill(fake.url);
      await form.getByRole("button", { name: "Sign in with HubSpot" }).click();
      const waiting = form.getByTestId("sign-in-waiting");
      await waiting.waitFor();
      await waiting.getByTestId("sign-in-redirect").waitFor();
      // The form scrolls inside the dialog: bring the whole waiting state into view.
      await waiting.getByRole("button", { name: "Cancel" }).scrollIntoViewIfNeeded();
      await settle(page);
      await page.screenshot({ path: `${out}sign-in.png` });
      await waiting.getByRole("button", { name: "Cancel" }).click();
      await waiting.waitFor({ state: "detached" });
      await page.context().close();
    } finally {
      bridge.stop();
    }
  } finally {
    fake.stop();
  }
}

const browser = await launchBrowser();
try {
  await testEventScreenshots(browser);
  await signInScreenshot(browser);
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
}
