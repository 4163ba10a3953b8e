// `npm run bench:canvas`: opens a 1,000-node / 1,200-edge workflow in the e2e build the way a user
// does (Ctrl+O, the dialog answered by the mock host) and prints, measured in the page:
// - open → interactive: from the Ctrl+O keydown until every node in view is drawn AND a click on a
//   node has selected it (the click is a real mouse click, so its round trip is included);
// - pan and zoom frames per second: ~3 s of mouse drag, ~3 s of wheel zoom, counting
//   requestAnimationFrame callbacks (and the longest frame);
// - the JS heap used (CDP Performance.getMetrics) after load and after 3 s idle.
// Headless Chromium without a GPU: figures are for this machine's software rendering.
import { setTimeout as sleep } from "node:timers/promises";
import { launchBrowser, openEditor, startPreview } from "../e2e/support.mjs";
import { largeWorkflow } from "./workflow.mjs";

const PATH = "/workspace/bench.flow.json";
const GESTURE_MS = 3000;
const doc = largeWorkflow();

/** In the page: whether every node inside the pane is drawn (measured, visible) and the view is still. */
function allVisibleDrawn(positions) {
  const state = (window.__bench ??= { transform: "", still: 0 });
  const viewport = document.querySelector(".react-flow__viewport");
  const pane = document.querySelector(".react-flow__pane")?.getBoundingClientRect();
  if (!viewport || !pane) return false;
  const transform = viewport.style.transform;
  state.still = transform === state.transform ? state.still + 1 : 0;
  state.transform = transform;
  const m = /translate\(([-\d.e]+)px, ?([-\d.e]+)px\) scale\(([-\d.e]+)\)/.exec(transform);
  if (!m || state.still < 2) return false;
  const [tx, ty, zoom] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const drawn = new Map([...document.querySelectorAll(".react-flow__node")].map((el) => [el.dataset.id, el]));
  let visible = 0;
  for (const [id, x, y] of positions) {
    const left = pane.left + tx + x * zoom;
    const top = pane.top + ty + y * zoom;
    // Wholly inside the pane (a node cut by the edge may be culled by a few pixels' difference).
    if (left < pane.left || top < pane.top || left + 190 * zoom > pane.right || top + 64 * zoom > pane.bottom) continue;
    visible += 1;
    const el = drawn.get(id);
    if (!el || getComputedStyle(el).visibility === "hidden") return false;
  }
  return { at: performance.now(), visible, drawn: drawn.size, zoom };
}

/** In the page: counts animation frames until `window.__stopFrames()`; resolves to {frames, ms, longest}. */
function countFrames() {
  let frames = 0;
  let longest = 0;
  let last = performance.now();
  const start = last;
  let running = true;
  const tick = (now) => {
    if (!running) return;
    frames += 1;
    longest = Math.max(longest, now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.__stopFrames = () => { running = false; return { frames, ms: performance.now() - start, longest }; };
}

/** BENCH_PROFILE=1: prints the functions that took most of the gesture's time. */
async function writeProfile(cdp, what) {
  const { profile } = await cdp.send("Profiler.stop");
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map();
  for (const id of profile.samples) {
    const f = byId.get(id);
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  console.error(`${what} profile (samples):`);
  for (const [key, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.error(`  ${n}\t${key}`);
}

async function heapMb(cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  return metrics.find((m) => m.name === "JSHeapUsedSize").value / 2 ** 20;
}

/** A point of the pane with no node or edge under it (a drag there pans). */
async function emptyPanePoint(page) {
  return page.evaluate(() => {
    const r = document.querySelector(".react-flow__pane").getBoundingClientRect();
    for (let y = r.top + 40; y < r.bottom - 40; y += 17) {
      for (let x = r.left + 80; x < r.right - 200; x += 13) {
        if (document.elementFromPoint(x, y)?.classList.contains("react-flow__pane")) return { x, y };
      }
    }
    throw new Error("no empty spot on the pane");
  });
}

async function measureGesture(page, gesture) {
  await page.evaluate(countFrames);
  await gesture();
  const { frames, ms, longest } = await page.evaluate(() => window.__stopFrames());
  return { fps: (frames * 1000) / ms, longest };
}

async function pan(page) {
  const at = await emptyPanePoint(page);
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  const end = Date.now() + GESTURE_MS;
  for (let i = 0; Date.now() < end; i++) {
    const phase = (i % 120) / 120; // there and back: 120 moves of 5 px
    const dx = phase < 0.5 ? phase * 600 : (1 - phase) * 600;
    await page.mouse.move(at.x + dx, at.y + dx / 3);
    await sleep(8);
  }
  await page.mouse.up();
}

async function zoom(page) {
  const box = await page.locator(".react-flow__pane").boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const end = Date.now() + GESTURE_MS;
  for (let i = 0; Date.now() < end; i++) {
    await page.mouse.wheel(0, i % 40 < 20 ? -60 : 60); // in, then out, within the zoom limits
    await sleep(16);
  }
}

async function main() {
  const server = await startPreview();
  const browser = await launchBrowser();
  const watchdog = setTimeout(() => { console.error("benchmark timed out"); process.exit(1); }, 180_000);
  try {
    const page = await openEditor(browser);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    await page.evaluate(([path, text]) => {
      window.__switchyardFiles.set(path, text);
      window.__switchyardDialogs.push(path);
      window.addEventListener("keydown", (e) => { if (e.ctrlKey && e.key === "o") window.__openedAt = performance.now(); }, { capture: true });
    }, [PATH, JSON.stringify(doc)]);
    const positions = doc.nodes.map((n) => [n.id, n.position[0], n.position[1]]);

    const step = (what) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${what}`);
    step("open");
    await page.keyboard.press("Control+o");
    const drawn = await (await page.waitForFunction(allVisibleDrawn, positions, { polling: "raf", timeout: 60_000 })).jsonValue();
    const target = await page.evaluate(() => {
      const pane = document.querySelector(".react-flow__pane").getBoundingClientRect();
      const mid = { x: (pane.left + pane.right) / 2, y: (pane.top + pane.bottom) / 2 };
      const nodes = [...document.querySelectorAll(".react-flow__node")].map((el) => ({ id: el.dataset.id, r: el.getBoundingClientRect() }));
      const near = nodes.sort((a, b) => Math.hypot(a.r.x - mid.x, a.r.y - mid.y) - Math.hypot(b.r.x - mid.x, b.r.y - mid.y))[0];
      return { id: near.id, x: near.r.x + near.r.width / 2, y: near.r.y + near.r.height / 2 };
    });
    step("click");
    await page.mouse.click(target.x, target.y);
    const selectedAt = await (await page.waitForFunction((id) =>
      document.querySelector(`[data-testid="node-${id}"].is-selected`) ? performance.now() : false,
    target.id, { polling: "raf", timeout: 30_000 })).jsonValue();
    const openedAt = await page.evaluate(() => window.__openedAt);
    const problems = await page.locator('[data-testid="problems"] .sy-problems__head').evaluate((el) => el.firstChild.textContent);
    const heapLoaded = await heapMb(cdp);

    step("pan");
    if (process.env.BENCH_PROFILE) await cdp.send("Profiler.enable").then(() => cdp.send("Profiler.start"));
    const panned = await measureGesture(page, () => pan(page));
    if (process.env.BENCH_PROFILE) await writeProfile(cdp, "pan");
    step("zoom");
    const zoomed = await measureGesture(page, () => zoom(page));
    await sleep(3000);
    const heapIdle = await heapMb(cdp);

    const ms = (v) => `${v.toFixed(0)} ms`;
    console.log(`workflow: ${doc.nodes.length} nodes, ${doc.edges.length} edges (${problems})`);
    console.log(`open → all ${drawn.visible} nodes in view drawn: ${ms(drawn.at - openedAt)} (zoom ${drawn.zoom.toFixed(2)}, ${drawn.drawn} node elements)`);
    console.log(`open → interactive (click selects a node): ${ms(selectedAt - openedAt)}  target < 1000 ms`);
    console.log(`pan:  ${panned.fps.toFixed(1)} fps (longest frame ${ms(panned.longest)})  target ≥ 50`);
    console.log(`zoom: ${zoomed.fps.toFixed(1)} fps (longest frame ${ms(zoomed.longest)})  target ≥ 50`);
    console.log(`JS heap used: ${heapLoaded.toFixed(1)} MB after load, ${heapIdle.toFixed(1)} MB after 3 s idle`);
  } finally {
    clearTimeout(watchdog);
    await browser.close();
    server.kill();
  }
}

await main();
