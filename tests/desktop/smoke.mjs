// A smoke test of the real desktop app: the release-style binary (UI embedded, custom protocol)
// in a virtual X display, driven through WebKit's own WebDriver (WebKitWebDriver, Debian's
// webkit2gtk-driver). It starts, shows the canvas with the catalog from the Rust back end, opens a
// shipped template, the back end's validation finds no problem, a dry run of it succeeds and is
// listed in the run history, and the app hosts the workspace's active workflows (the Workflows
// tab names the webhook address).
//
//   node tests/desktop/smoke.mjs PATH/TO/switchyard-app [--screenshot FILE.png]
//
// Everything it starts (Xvfb when there is no DISPLAY, the driver, the app) is stopped at the
// end; the app's home, history and workspace are a temporary folder. Bounded: 3 minutes.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const DEADLINE = Date.now() + 180_000;
const [appArg, ...rest] = process.argv.slice(2);
if (!appArg || !existsSync(appArg)) {
  console.error("usage: node tests/desktop/smoke.mjs PATH/TO/switchyard-app [--screenshot FILE]");
  process.exit(2);
}
const app = resolve(appArg);
const screenshotAt = rest[0] === "--screenshot" ? rest[1] : undefined;
const children = [];
const home = mkdtempSync(join(tmpdir(), "switchyard-smoke-"));

function start(cmd, args, env) {
  const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  child.output = "";
  child.stdout.on("data", (d) => { child.output += d; });
  child.stderr.on("data", (d) => { child.output += d; });
  children.push(child);
  return child;
}

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

async function until(what, probe, ms = 30_000) {
  const end = Math.min(Date.now() + ms, DEADLINE);
  let last;
  while (Date.now() < end) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
}

async function display() {
  if (process.env.DISPLAY) return process.env.DISPLAY;
  for (let n = 90; n < 110; n++) {
    if (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) continue;
    start("Xvfb", [`:${n}`, "-screen", "0", "1440x900x24", "-nolisten", "tcp"], process.env);
    await until("Xvfb", () => existsSync(`/tmp/.X11-unix/X${n}`), 15_000);
    return `:${n}`;
  }
  throw new Error("no free X display number");
}

/** A minimal W3C WebDriver client over fetch. */
function driver(base) {
  async function call(method, path, body) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body ? { "content-type": "application/json" } : undefined,
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(Math.max(1_000, DEADLINE - Date.now())),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value ?? json)}`);
    return json.value;
  }
  return { call };
}

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

let failed = false;
try {
  const env = {
    ...process.env,
    DISPLAY: await display(),
    HOME: join(home, "home"),
    XDG_CONFIG_HOME: join(home, "config"),
    XDG_DATA_HOME: join(home, "data"),
    SWITCHYARD_DB: join(home, "history.db"),
    SWITCHYARD_WORKSPACE: join(home, "workspace"),
    // The app hosts the workspace's active workflows; a free port keeps it off 8787.
    SWITCHYARD_LISTEN: "127.0.0.1:0",
    TAURI_WEBVIEW_AUTOMATION: "true",
    WEBKIT_DISABLE_COMPOSITING_MODE: "1",
    WEBKIT_DISABLE_DMABUF_RENDERER: "1",
    LIBGL_ALWAYS_SOFTWARE: "1",
  };
  for (const dir of [env.HOME, env.XDG_CONFIG_HOME, env.XDG_DATA_HOME]) mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const webdriver = start("WebKitWebDriver", [`--port=${port}`], env);
  const base = `http://127.0.0.1:${port}`;
  await until("WebKitWebDriver", async () => (await fetch(`${base}/status`)).ok, 15_000);
  const wd = driver(base);
  const session = await wd.call("POST", "/session", {
    capabilities: { alwaysMatch: { "webkitgtk:browserOptions": { binary: app, args: [] } } },
  });
  const s = `/session/${session.sessionId}`;
  const find = (css) => wd.call("POST", `${s}/elements`, { using: "css selector", value: css });
  const text = async (css) => {
    const [el] = await find(css);
    return el ? wd.call("GET", `${s}/element/${el[ELEMENT]}/text`) : "";
  };

  await until("the canvas", async () => (await find(".react-flow")).length > 0);
  const paletteItems = await until("the node catalog from the back end",
    async () => { const items = await find(".sy-palette__item"); return items.length >= 20 && items; });
  console.log(`ok - the app starts and shows the canvas with ${paletteItems.length} node types`);

  const [option] = await until("the template list",
    async () => { const o = await find('option[value="lead-routing.flow.json"]'); return o.length > 0 && o; });
  await wd.call("POST", `${s}/element/${option[ELEMENT]}/click`, {});
  const nodes = await until("the template's nodes on the canvas",
    async () => { const n = await find(".react-flow__node"); return n.length === 7 && n; });
  console.log(`ok - the lead-routing template opens: ${nodes.length} nodes`);

  const problems = await until("validation by the back end",
    async () => { const t = await text('[data-testid="problems"]'); return t.includes("No problems") && t; }, 15_000);
  console.log(`ok - the back end validates it: ${problems.split("\n")[0]}`);

  const click = async (css) => {
    const [el] = await until(css, async () => { const e = await find(css); return e.length > 0 && e; });
    await wd.call("POST", `${s}/element/${el[ELEMENT]}/click`, {});
  };
  await click('input[aria-label="Dry run"]');
  await click('[data-testid="run-once"]');
  const outcome = await until("the run to finish",
    async () => { const t = await text('[data-testid="run-outcome"]'); return /succeeded|failed/.test(t) && t; }, 30_000);
  if (!outcome.includes("succeeded")) throw new Error(`the dry run did not succeed: ${outcome}`);
  console.log(`ok - Run once (dry run) in the app: ${outcome.trim()}`);
  await click('.sy-tabs [role="tab"]:nth-child(3)');
  const row = await until("the run in history",
    async () => { const t = await text('[data-testid="run-row"]'); return t.includes("SUCCEEDED") && t; }, 15_000);
  console.log(`ok - the run is in history: ${row.replace(/\s+/g, " ").trim()}`);

  const [workflowsTab] = await find('.sy-tabs [role="tab"]:nth-child(2)');
  if (workflowsTab) {
    await wd.call("POST", `${s}/element/${workflowsTab[ELEMENT]}/click`, {});
    const host = await until("the always-on host line",
      async () => { const t = await text('[data-testid="host-line"]'); return t.includes("webhooks at") && t; }, 15_000);
    console.log(`ok - the app hosts the workspace's active workflows: ${host}`);
    const [nodesTab] = await find('.sy-tabs [role="tab"]:nth-child(1)');
    if (nodesTab) await wd.call("POST", `${s}/element/${nodesTab[ELEMENT]}/click`, {});
  } else {
    throw new Error("no Workflows tab");
  }

  if (screenshotAt) {
    const png = await wd.call("GET", `${s}/screenshot`);
    writeFileSync(screenshotAt, Buffer.from(png, "base64"));
    console.log(`wrote ${screenshotAt}`);
  }
  await wd.call("DELETE", s).catch(() => undefined);
  void webdriver;
} catch (e) {
  failed = true;
  console.error(`not ok - ${e.message}`);
  for (const child of children) if (child.output) console.error(`--- ${child.spawnfile}:\n${child.output.slice(-4000)}`);
} finally {
  for (const child of children.reverse()) child.kill("SIGTERM");
  await sleep(300);
  rmSync(home, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
