// "Sign in with HubSpot" on the real back end against the fake HubSpot: the consent page opened
// in the same browser (the user's) redirects to the back end's loopback listener, which stores
// the credential (tokens in the keychain of scripts/with-keyring.sh, never in the page); a wrong
// client secret shows HubSpot's refusal; Rename changes only the label.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startFakeHubSpot, useBridgeEditor } from "../support.mjs";

let bridge;
let fake;
let page;

before(async () => {
  fake = await startFakeHubSpot();
});
after(() => fake?.stop());
useBridgeEditor({}, async (session) => {
  ({ page, bridge } = session);
  await page.getByTestId("open-credentials").click();
  await page.getByRole("dialog", { name: "Credentials" }).waitFor();
});

const form = () => page.getByRole("form", { name: "Add credential" });

async function fillHubSpotOAuth(id, secret) {
  await form().getByLabel("Credential type").selectOption("hubspot.oauth");
  await form().getByLabel("Credential id").fill(id);
  await form().getByLabel("client_id").fill("fake-client-id");
  await form().getByLabel("client_secret").fill(secret);
  await form().getByLabel("redirect_port").fill("0");
  await form().getByLabel("auth_url").fill(`${fake.url}/oauth/authorize`);
  await form().getByLabel("base_url").fill(fake.url);
}

/** Signs in and plays the user's browser: opens the consent page, which redirects back to the app. */
async function signInThroughBrowser() {
  assert.equal(await form().getByRole("button", { name: "Save credential" }).isDisabled(), true, "Save needs a refresh token");
  await form().getByRole("button", { name: "Sign in with HubSpot" }).click();
  await form().getByText("Waiting for the browser…").waitFor();
  const link = form().getByTestId("sign-in-link");
  const href = await link.getAttribute("href");
  assert.equal(await link.getAttribute("target"), "_blank");
  assert.ok(href.startsWith(`${fake.url}/oauth/authorize?`), href);
  assert.match(await form().getByTestId("sign-in-redirect").innerText(),
    /^Register this redirect URL in your HubSpot app: http:\/\/localhost:\d+\/$/);
  const consent = await page.context().newPage();
  try {
    await consent.goto(href);
    return await consent.content();
  } finally {
    await consent.close();
  }
}

test("signing in with HubSpot stores a working credential; no token reaches the page", async () => {
  await fillHubSpotOAuth("hubspot-portal", "fake-client-secret");
  const landing = await signInThroughBrowser();
  assert.match(landing, /Switchyard is connected to HubSpot/);
  const result = page.getByTestId("sign-in-result");
  await result.waitFor();
  assert.ok((await result.innerText()).length > 0);
  assert.equal(await page.getByTestId("credential-error").count(), 0);
  const row = page.getByTestId("credential-hubspot-portal");
  await row.waitFor();
  assert.match(await row.innerText(), /hubspot\.oauth/);
  // The form starts over.
  assert.equal(await form().getByLabel("Credential id").inputValue(), "");
  await row.getByRole("button", { name: "Test" }).click();
  const verdict = row.getByTestId("credential-verdict");
  await verdict.locator("li.is-ok").first().waitFor();
  assert.equal(await verdict.locator("li.is-failed").count(), 0);
  const content = await page.content();
  for (const token of ["fake-refresh", "fake-oauth-access", "fake-client-secret"]) {
    assert.ok(!content.includes(token), `${token} is in the page`);
  }
});

test("a wrong client secret: HubSpot's refusal shows on the form, nothing is stored", async () => {
  await fillHubSpotOAuth("hubspot-wrong", "not-the-secret");
  await signInThroughBrowser();
  const error = page.getByTestId("credential-error");
  await error.waitFor();
  assert.match(await error.innerText(), /client secret/);
  assert.equal(await form().getByLabel("Credential id").inputValue(), "hubspot-wrong");
  assert.equal(await page.getByTestId("credential-hubspot-wrong").count(), 0);
  const listed = await (await fetch(`${bridge.url}invoke/list_credentials`, { method: "POST" })).json();
  assert.deepEqual(listed.map((c) => c.id), ["hubspot-portal"]);
});

test("Rename changes the label and keeps the id", async () => {
  const row = page.getByTestId("credential-hubspot-portal");
  await row.getByRole("button", { name: "Rename" }).click();
  await row.getByLabel("Label of hubspot-portal").fill("Sales (EU)");
  await row.getByLabel("Label of hubspot-portal").press("Enter");
  await row.getByText("hubspot.oauth · Sales (EU)").waitFor();
  assert.equal(await row.getByLabel("Label of hubspot-portal").count(), 0);
  const listed = await (await fetch(`${bridge.url}invoke/list_credentials`, { method: "POST" })).json();
  assert.deepEqual(listed, [{ id: "hubspot-portal", type: "hubspot.oauth", label: "Sales (EU)" }]);
  // Escape leaves it as it was.
  await row.getByRole("button", { name: "Rename" }).click();
  await row.getByLabel("Label of hubspot-portal").fill("Nope");
  await row.getByLabel("Label of hubspot-portal").press("Escape");
  await row.getByText("hubspot.oauth · Sales (EU)").waitFor();
  await page.getByRole("dialog", { name: "Credentials" }).waitFor();
});
