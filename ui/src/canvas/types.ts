// The canvas's node and edge types: one data type per kind of node.
import type { Edge, Node } from "@xyflow/react";
import type { NodeDescription, NodeDocument, StickyNote } from "../ipc/types";
import type { NodeRunState } from "../store/progress";

interface NodeDataBase {
  [key: string]: unknown;
  node: NodeDocument;
  desc: NodeDescription | undefined;
  inputs: string[];
  outputs: string[];
  problems: string[];
  /** What the node did in the run shown, if it ran. */
  run: NodeRunState | undefined;
  /** Whether the document pins sample output on the node. */
  pinned: boolean;
}

export interface TriggerData extends NodeDataBase { kind: "trigger" }
export interface BranchData extends NodeDataBase { kind: "branch" }
export interface MergeData extends NodeDataBase { kind: "merge" }
export interface ActionData extends NodeDataBase { kind: "action" }
export interface NoteData { [key: string]: unknown; kind: "note"; note: StickyNote }

export type TriggerNode = Node<TriggerData, "trigger">;
export type BranchNode = Node<BranchData, "branch">;
export type MergeNode = Node<MergeData, "merge">;
export type ActionNode = Node<ActionData, "action">;
export type NoteNode = Node<NoteData, "note">;
export type WorkflowNodeData = TriggerData | BranchData | MergeData | ActionData;
export type CanvasNode = TriggerNode | BranchNode | MergeNode | ActionNode | NoteNode;
export type CanvasEdge = Edge<{ port: string }>;

export const NOTE_PREFIX = "note:";
