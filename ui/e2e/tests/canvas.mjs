// Gestures on the canvas, shared by the browser tests.
export async function dropNode(page, type, x, y) {
  const item = page.locator(`.sy-palette__item[data-node-type="${type}"]`);
  await item.dragTo(page.locator(".react-flow__pane"), { targetPosition: { x: x - 236, y: y - 52 } });
}

function handle(page, nodeId, port, kind) {
  return page.locator(`[data-testid="node-${nodeId}"] .react-flow__handle.${kind}[data-handleid="${port}"]`);
}

async function centre(locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error("handle not visible");
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

export async function connect(page, from, port, to, toPort = "main") {
  const a = await centre(handle(page, from, port, "source"));
  const b = await centre(handle(page, to, toPort, "target"));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
}

export async function selectNode(page, id) {
  await page.locator(`[data-testid="node-${id}"] .sy-node__title`).click();
  await page.locator('[data-testid="side-panel"] input[aria-label="Node id"]').and(page.locator(`[value="${id}"]`)).waitFor();
}

export async function edgeCount(page) {
  return page.locator(".react-flow__edge").count();
}

export async function savedFile(page, path) {
  return page.evaluate((p) => window.__switchyardFiles?.get(p) ?? null, path);
}

/** Queues answers for the next native dialogs (a path or null for open/save, true/false for a question). */
export async function answerDialogs(page, ...answers) {
  await page.evaluate((a) => window.__switchyardDialogs.push(...a), answers);
}

/** The native dialogs shown so far: [{cmd, args}]. */
export async function dialogLog(page) {
  return page.evaluate(() => window.__switchyardDialogLog);
}
