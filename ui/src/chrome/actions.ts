// Editing commands shared by the toolbar and the keyboard (file commands: ../files/actions.ts).
import { tidyPositions } from "../canvas/layout";
import { useSizes } from "../canvas/sizes";
import { useWorkflow } from "../store/workflow";
import { readClipboard, writeClipboard } from "./clipboard";

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
