// A large valid workflow for the canvas benchmark: one manual trigger and layers of data and logic
// nodes (types and params as in the catalog fixture), wired as a DAG from each layer to the next.
import { readFileSync } from "node:fs";

const catalog = JSON.parse(readFileSync(new URL("../e2e/fixtures/catalog.json", import.meta.url), "utf8"));

const KINDS = [
  { type: "data.set", params: (i) => ({ fields: { step: `${i}`, total: "{{ $json.total }}" } }) },
  { type: "data.code", params: () => ({ code: "return items;" }) },
  { type: "logic.filter", params: () => ({ when: { all: [{ left: "{{ $json.total }}", op: "gt", right: 0 }] } }) },
  { type: "flow.wait", params: () => ({ ms: 10 }) },
  { type: "logic.if", params: () => ({ when: { all: [{ left: "{{ $json.total }}", op: "gt", right: 100 }] } }) },
];

for (const kind of [...KINDS.map((k) => k.type), "trigger.manual"]) {
  if (!catalog.some((d) => d.type === kind)) throw new Error(`${kind} is not in the catalog fixture`);
}

/** Output ports a node of this type offers (logic.if: true and false). */
function ports(type) {
  return catalog.find((d) => d.type === type).outputs;
}

/** A deterministic pseudo-random sequence, so every run measures the same document. */
function random(seed) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

export function largeWorkflow(nodeCount = 1000, edgeCount = 1200, perLayer = 25) {
  const next = random(7);
  const nodes = [{ id: "start", type: "trigger.manual", name: "Start", position: [0, 0] }];
  const layers = [["start"]];
  for (let i = 1; i < nodeCount; i++) {
    const layer = Math.ceil(i / perLayer);
    const row = (i - 1) % perLayer;
    const kind = KINDS[i % KINDS.length];
    const id = `n${i}`;
    nodes.push({ id, type: kind.type, name: `${kind.type.split(".")[1]} ${i}`, position: [layer * 260, row * 110], params: kind.params(i) });
    (layers[layer] ??= []).push(id);
  }
  const typeOf = new Map(nodes.map((n) => [n.id, n.type]));
  const keys = new Set();
  const edges = [];
  const link = (from, to) => {
    const out = ports(typeOf.get(from));
    const port = out[Math.floor(next() * out.length)];
    const key = `${from}|${port}|${to}`;
    if (keys.has(key)) return false;
    keys.add(key);
    edges.push(port === "main" ? { from, to } : { from, port, to });
    return true;
  };
  const pick = (list) => list[Math.floor(next() * list.length)];
  // Every node but the trigger is fed by the layer before it: a connected DAG.
  for (let l = 1; l < layers.length; l++) for (const to of layers[l]) link(pick(layers[l - 1]), to);
  while (edges.length < edgeCount) {
    const l = 1 + Math.floor(next() * (layers.length - 1));
    link(pick(layers[l - 1]), pick(layers[l]));
  }
  return { schema: "switchyard/workflow@1", id: "bench", name: "Canvas benchmark", active: false, nodes, edges };
}
