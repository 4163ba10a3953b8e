// Registered once at module scope so React Flow never re-mounts nodes.
import type { NodeTypes } from "@xyflow/react";
import { ActionNodeView, BranchNodeView, MergeNodeView, TriggerNodeView } from "./nodes";
import { NoteView } from "./NoteView";

export const nodeTypes: NodeTypes = {
  trigger: TriggerNodeView,
  branch: BranchNodeView,
  merge: MergeNodeView,
  action: ActionNodeView,
  note: NoteView,
};
