// The frame every workflow node shares: header, ports named as the engine's, status marks.
import { Handle, Position, useUpdateNodeInternals } from "@xyflow/react";
import { useEffect, type ReactNode } from "react";
import { colorOf, glyphOf } from "./kind";
import type { WorkflowNodeData } from "./types";

interface Props {
  data: WorkflowNodeData;
  selected: boolean;
  shape?: "round-left" | "plain";
  children?: ReactNode;
}

function portTop(index: number, count: number): string {
  return `${((index + 1) / (count + 1)) * 100}%`;
}

export function NodeShell({ data, selected, shape = "plain", children }: Props) {
  const { node, desc, inputs, outputs, problems } = data;
  const updateInternals = useUpdateNodeInternals();
  const portKey = `${inputs.join(",")}>${outputs.join(",")}`;
  // Handles come and go with the params (Switch rules, the error port): re-measure them.
  useEffect(() => { updateInternals(node.id); }, [portKey, node.id, updateInternals]);
  const color = colorOf(desc);
  const label = desc?.label ?? node.type;
  const subtitle = node.name && node.name !== label ? label : node.id;
  const labelled = outputs.length > 1 || outputs.some((p) => p !== "main");
  const classes = ["sy-node", `sy-node--${data.kind}`, shape === "round-left" ? "sy-node--trigger-shape" : ""];
  if (selected) classes.push("is-selected");
  if (node.disabled) classes.push("is-disabled");
  if (problems.length > 0) classes.push("has-problems");
  const minHeight = Math.max(64, Math.max(outputs.length, inputs.length) * 26 + 16);
  return (
    <div className={classes.join(" ")} style={{ minHeight, ["--accent" as string]: color }} data-node-id={node.id} data-testid={`node-${node.id}`}>
      {inputs.map((port, i) => (
        <Handle key={`in-${port}`} id={port} type="target" position={Position.Left} style={{ top: portTop(i, inputs.length) }}
          className="sy-handle sy-handle--in" data-port={port}>
          {inputs.length > 1 && <span className="sy-port-label sy-port-label--in">{port}</span>}
        </Handle>
      ))}
      <div className="sy-node__icon" aria-hidden>{glyphOf(node.type)}</div>
      <div className="sy-node__body">
        <div className="sy-node__title">{node.name || node.id}</div>
        <div className="sy-node__subtitle">{subtitle}{node.disabled ? " · disabled" : ""}</div>
        {children}
      </div>
      {problems.length > 0 && <div className="sy-node__badge" title={problems.join("\n")}>!</div>}
      {outputs.map((port, i) => (
        <Handle key={`out-${port}`} id={port} type="source" position={Position.Right} style={{ top: portTop(i, outputs.length) }}
          className={`sy-handle sy-handle--out${port === "error" ? " sy-handle--error" : ""}`} data-port={port}>
          {labelled && <span className="sy-port-label">{port}</span>}
        </Handle>
      ))}
    </div>
  );
}
