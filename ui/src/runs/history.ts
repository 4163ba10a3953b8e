// Recorded runs from the history: open one read-only on the canvas, replay it, copy its outputs
// into the editor as pinned data.
import { describeError } from "../ipc/errors";
import { getRun, replayRun } from "../ipc/runs";
import type { JsonValue, RunDetail, WorkflowDocument } from "../ipc/types";
import { withPinned } from "../store/edit";
import { useViewer } from "../store/viewer";
import { useWorkflow } from "../store/workflow";

export async function openRecordedRun(runId: string): Promise<void> {
  try {
    const detail = await getRun(runId);
    if (!detail.document) {
      useWorkflow.getState().notify(`Run ${runId} has no recorded document.`, "error");
      return;
    }
    useWorkflow.getState().select({ nodes: [], edges: [], notes: [] });
    useViewer.getState().open(detail);
  } catch (e) {
    useWorkflow.getState().notify(`Could not open run ${runId}: ${describeError(e)}`, "error");
  }
}

export function closeRecordedRun(): void {
  useWorkflow.getState().select({ nodes: [], edges: [], notes: [] });
  useViewer.getState().close();
}

export async function replayViewed(): Promise<void> {
  const detail = useViewer.getState().detail;
  if (!detail) return;
  try {
    useViewer.getState().setReplay(await replayRun(detail.summary.run_id));
  } catch (e) {
    useWorkflow.getState().notify(`Could not replay: ${describeError(e)}`, "error");
  }
}

/** The document with each recorded node output (first port) pinned on the node of the same id. */
export function pinRecordedOutputs(doc: WorkflowDocument, detail: RunDetail): WorkflowDocument {
  const ids = new Set(doc.nodes.map((n) => n.id));
  return detail.nodes.reduce((d, view) => {
    const items: JsonValue[] | undefined = view.outputs[0]?.items;
    const ran = view.status === "succeeded" || view.status === "pinned";
    return ids.has(view.node_id) && ran && items ? withPinned(d, view.node_id, items) : d;
  }, doc);
}

/** Copy to editor: the viewed run's outputs become the editor document's pinned data. */
export function copyRunToEditor(): void {
  const detail = useViewer.getState().detail;
  if (!detail) return;
  useWorkflow.getState().edit((doc) => pinRecordedOutputs(doc, detail));
  closeRecordedRun();
  useWorkflow.getState().notify(`Pinned the outputs of run ${detail.summary.run_id}`);
}
