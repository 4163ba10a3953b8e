// One memoised component per kind of node.
import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { NodeShell } from "./NodeShell";
import type { ActionNode, BranchNode, MergeNode, TriggerNode } from "./types";

export const TriggerNodeView = memo(function TriggerNodeView({ data, selected }: NodeProps<TriggerNode>) {
  return <NodeShell data={data} selected={selected} shape="round-left" />;
});

export const BranchNodeView = memo(function BranchNodeView({ data, selected }: NodeProps<BranchNode>) {
  const empty = data.desc?.dynamic_outputs && data.outputs.filter((p) => p !== "error").length === 0;
  return (
    <NodeShell data={data} selected={selected}>
      {empty && <div className="sy-node__hint">Add rules in the panel</div>}
    </NodeShell>
  );
});

export const MergeNodeView = memo(function MergeNodeView({ data, selected }: NodeProps<MergeNode>) {
  return <NodeShell data={data} selected={selected} />;
});

export const ActionNodeView = memo(function ActionNodeView({ data, selected }: NodeProps<ActionNode>) {
  return <NodeShell data={data} selected={selected} />;
});
