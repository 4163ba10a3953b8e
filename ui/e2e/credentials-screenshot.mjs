// Screenshots of the credentials screen for docs/ on the real back end: `node e2e/credentials-screenshot.mjs`
// after `vite build --mode e2e`, inside scripts/with-keyring.sh (the secret goes to the keychain).
// docs/credentials.png: one credential listed (not tested: that would call HubSpot) and the add form; docs/credentials-usage.png: the
// Usage tab, with today's counters planted in the bridge's history database (python3's sqlite3),
// as a day of HubSpot calls would have left them.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser, openBridgeEditor, startBridge } from "./support.mjs";

const out = new URL("../../docs/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });

function plantUsage(db, rows) {
  const script = `
import sqlite3, sys, json, time
con = sqlite3.connect(sys.argv[1])
day = time.strftime("%Y-%m-%d", time.gmtime())
now = int(time.time() * 1000)
for r in json.loads(sys.argv[2]):
    con.execute("INSERT OR REPLACE INTO credential_usage (credential_id, day, requests, errors, rate_limited, daily_limit, "
                "daily_remaining, interval_ms, interval_max, interval_remaining, updated_at_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (r["id"], day, r["requests"], r["errors"], r["rate_limited"], r.get("daily_limit"), r.get("daily_remaining"),
                 r.get("interval_ms"), r.get("interval_max"), r.get("interval_remaining"), now))
con.commit()
`;
  const result = spawnSync("python3", ["-c", script, db, JSON.stringify(rows)], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`could not plant usage: ${result.stderr}`);
}

const bridge = await startBridge();
const browser = await launchBrowser();
try {
  const page = await openBridgeEditor(browser, bridge, { width: 1440, height: 900 });
  await page.getByLabel("Open template").selectOption("lead-routing.flow.json");
  await page.locator('[data-testid="node-size"]').waitFor();
  await page.getByTestId("open-credentials").click();
  const form = page.getByRole("form", { name: "Add credential" });
  await form.getByLabel("Credential type").selectOption("hubspot.private_app");
  await form.getByLabel("Credential id").fill("hubspot-main");
  await form.getByLabel("Label").fill("HubSpot production app");
  await form.getByLabel("token").fill("pat-na1-screenshot-not-a-real-token");
  await form.getByRole("button", { name: "Save credential" }).click();
  await page.getByTestId("credential-hubspot-main").waitFor();
  // The form ready for the next one: an SMTP account.
  await form.getByLabel("Credential type").selectOption("smtp");
  await form.getByLabel("Credential id").fill("mail");
  await form.getByLabel("host").fill("smtp.example.com");
  await form.getByLabel("port").fill("587");
  await form.getByLabel("username").fill("robot@example.com");
  await form.getByLabel("tls").check();
  await page.mouse.move(0, 0);
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${out}credentials.png` });

  plantUsage(join(bridge.home, "history.db"), [
    { id: "hubspot-main", requests: 1284, errors: 9, rate_limited: 3, daily_limit: 500000, daily_remaining: 498716,
      interval_ms: 10000, interval_max: 190, interval_remaining: 187 },
  ]);
  await page.getByRole("tab", { name: "Usage" }).click();
  await page.getByTestId("usage-hubspot-main").waitFor();
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${out}credentials-usage.png` });
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  bridge.stop();
}
