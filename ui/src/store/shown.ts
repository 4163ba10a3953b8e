// What the canvas and the inspector show: the editor's document and its current run, or a
// recorded run opened from the history (read-only).
import type { RunDetail, WorkflowDocument } from "../ipc/types";
import type { NodeStates } from "./progress";
import { useRun } from "./run";
import { useViewer } from "./viewer";
import { useWorkflow } from "./workflow";

export function useShownDoc(): WorkflowDocument {
  const viewed = useViewer((s) => s.detail?.document ?? null);
  const doc = useWorkflow((s) => s.doc);
  return viewed ?? doc;
}

export function useShownStates(): NodeStates {
  const viewing = useViewer((s) => s.detail !== null);
  const viewed = useViewer((s) => s.states);
  const live = useRun((s) => s.nodes);
  return viewing ? viewed : live;
}

/** The recorded run the inspector reads. */
export function useShownDetail(): RunDetail | null {
  const viewed = useViewer((s) => s.detail);
  const live = useRun((s) => s.detail);
  return viewed ?? live;
}

export function useReadOnly(): boolean {
  return useViewer((s) => s.detail !== null);
}
