// Commands shared by the toolbar and the keyboard.
import { tidyPositions } from "../canvas/layout";
import { useSizes } from "../canvas/sizes";
import { saveWorkflow } from "../ipc";
import type { TemplateEntry } from "../ipc/types";
import { useWorkflow } from "../store/workflow";
import { readClipboard, writeClipboard } from "./clipboard";

export async function save(): Promise<void> {
  const { doc, path, markSaved, notify } = useWorkflow.getState();
  const target = path ?? `${doc.id}.flow.json`;
  try {
    await saveWorkflow(target, doc);
    markSaved(target);
    notify(`Saved ${target}`);
  } catch (e) {
    notify(`Could not save: ${String(e)}`, "error");
  }
}

export function tidy(): void {
  const { doc, edit } = useWorkflow.getState();
  const placed = new Map(tidyPositions(doc, useSizes.getState().sizes).map((p) => [p.id, p.position]));
  edit((d) => ({ ...d, nodes: d.nodes.map((n) => ({ ...n, position: placed.get(n.id) ?? n.position })) }));
}

export async function copy(): Promise<void> {
  const store = useWorkflow.getState();
  if (store.selection.nodes.length === 0) return;
  await writeClipboard(store.copySelection());
  store.notify(`Copied ${store.selection.nodes.length} node${store.selection.nodes.length === 1 ? "" : "s"}`);
}

export async function paste(): Promise<void> {
  const text = await readClipboard();
  const problem = useWorkflow.getState().paste(text);
  if (problem) useWorkflow.getState().notify(problem, "error");
}

export function openTemplate(entry: TemplateEntry): void {
  useWorkflow.getState().load(entry.document, `templates/${entry.file}`);
}
