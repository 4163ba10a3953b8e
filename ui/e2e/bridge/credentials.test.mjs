// The credentials screen on the real back end: the secret goes to the OS keychain (run inside
// scripts/with-keyring.sh, a throwaway Secret Service) and never comes back to the page; Rust's
// checks reach the form; Test, Delete and the Usage tab answer from crates/desktop.
import assert from "node:assert/strict";
import { test } from "node:test";
import { useBridgeEditor } from "../support.mjs";

const PLANTED = "planted-secret-7f3a9c1e-do-not-show";

let bridge;
let page;

useBridgeEditor({}, async (session) => {
  ({ page, bridge } = session);
  await page.getByTestId("open-credentials").click();
  await page.getByRole("dialog", { name: "Credentials" }).waitFor();
});

const form = () => page.getByRole("form", { name: "Add credential" });

test("a bearer token is stored, listed by id and type, and its secret is nowhere in the page", async () => {
  await page.getByTestId("credentials-empty").waitFor();
  await form().getByLabel("Credential type").selectOption("http.bearer");
  await form().getByLabel("Credential id").fill("crm-token");
  await form().getByLabel("Label").fill("CRM API");
  await form().getByLabel("token").fill(PLANTED);
  assert.equal(await form().getByLabel("token").getAttribute("type"), "password");
  await form().getByRole("button", { name: "Save credential" }).click();
  const row = page.getByTestId("credential-crm-token");
  await row.waitFor();
  assert.match(await row.innerText(), /crm-token[\s\S]*http\.bearer · CRM API/);
  // The form starts over and nothing of the secret is left in the DOM.
  assert.equal(await form().getByLabel("Credential id").inputValue(), "");
  assert.equal(await form().getByLabel("token").inputValue(), "");
  assert.ok(!(await page.content()).includes(PLANTED), "the planted secret is in the page");
  const listed = await (await fetch(`${bridge.url}invoke/list_credentials`, { method: "POST" })).json();
  assert.deepEqual(listed, [{ id: "crm-token", type: "http.bearer", label: "CRM API" }]);
  assert.ok(!JSON.stringify(listed).includes(PLANTED));
});

test("Test resolves the secret from the keychain and shows an ok verdict", async () => {
  const row = page.getByTestId("credential-crm-token");
  await row.getByRole("button", { name: "Test" }).click();
  const verdict = row.getByTestId("credential-verdict");
  await verdict.locator("li.is-ok").first().waitFor();
  assert.match(await verdict.innerText(), /^ok credential "crm-token" \(http\.bearer, production secret\)/);
  assert.equal(await verdict.locator("li.is-failed").count(), 0);
  assert.ok(!(await page.content()).includes(PLANTED));
});

test("an SMTP form without its password shows the back end's message naming the field", async () => {
  await form().getByLabel("Credential type").selectOption("smtp");
  await form().getByLabel("Credential id").fill("mail");
  await form().getByLabel("host").fill("smtp.example.com");
  await form().getByLabel("port").fill("587");
  await form().getByLabel("username").fill("robot@example.com");
  await form().getByRole("button", { name: "Save credential" }).click();
  const error = page.getByTestId("credential-error");
  await error.waitFor();
  assert.match(await error.innerText(), /missing password/);
  // Nothing was stored; the form keeps what was typed so it can be completed.
  assert.equal(await form().getByLabel("host").inputValue(), "smtp.example.com");
  assert.equal(await page.getByTestId("credential-mail").count(), 0);
});

test("a port that is not a number is refused on the form, naming the field", async () => {
  await form().getByLabel("port").fill("five");
  await form().getByLabel("password").fill("x");
  await form().getByRole("button", { name: "Save credential" }).click();
  await page.getByTestId("credential-error").getByText(/^port: must be a whole number/).waitFor();
  await form().getByLabel("password").fill("");
});

test("Delete asks first, then removes the credential from the list and the back end", async () => {
  const row = page.getByTestId("credential-crm-token");
  // No: nothing happens.
  await page.evaluate(() => window.__switchyardDialogs.push(false));
  await row.getByRole("button", { name: "Delete" }).click();
  await page.waitForFunction(() => window.__switchyardDialogLog.length === 1);
  assert.equal(await row.count(), 1);
  // Yes: gone.
  await page.evaluate(() => window.__switchyardDialogs.push(true));
  await row.getByRole("button", { name: "Delete" }).click();
  await row.waitFor({ state: "detached" });
  await page.getByTestId("credentials-empty").waitFor();
  const asked = await page.evaluate(() => window.__switchyardDialogLog.map((d) => JSON.stringify(d.args)));
  assert.match(asked[1], /Delete the credential \\"crm-token\\"/);
  const listed = await (await fetch(`${bridge.url}invoke/list_credentials`, { method: "POST" })).json();
  assert.deepEqual(listed, []);
});

test("the Usage tab shows its empty state before any API call", async () => {
  await page.getByRole("tab", { name: "Usage" }).click();
  await page.getByTestId("usage-empty").waitFor();
  assert.match(await page.getByTestId("usage-empty").innerText(), /No API usage today yet/);
  await page.keyboard.press("Escape");
  await page.getByRole("dialog", { name: "Credentials" }).waitFor({ state: "detached" });
});
