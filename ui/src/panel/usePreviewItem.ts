// The item expression previews are evaluated on: the selected node's first input item in the
// run shown (undefined before a run, or when the node got no input).
import type { JsonValue } from "../ipc/types";
import { useShownDetail } from "../store/shown";
import { useWorkflow } from "../store/workflow";

export function usePreviewItem(): JsonValue | undefined {
  const nodeId = useWorkflow((s) => (s.selection.nodes.length === 1 ? s.selection.nodes[0] : undefined));
  const detail = useShownDetail();
  return detail?.nodes.find((n) => n.node_id === nodeId)?.inputs[0]?.[0];
}
