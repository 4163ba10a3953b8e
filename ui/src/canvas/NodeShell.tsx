// The frame every workflow node shares: header, ports named as the engine's, status marks.
import { Handle, Position, useUpdateNodeInternals } from "@xyflow/react";
import { useEffect, useRef, type ReactNode } from "react";
import { durationLabel, itemsLabel, portCount, type NodeRunState } from "../store/progress";
import { colorOf, glyphOf } from "./kind";
import { RunMark } from "./RunMark";
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

function countText(run: WorkflowNodeData["run"], port: string): string {
  const count = portCount(run, port);
  return count === undefined ? "" : itemsLabel(count);
}

/** Under the node: its items out (when it has a single output port) and how long it took. */
function runSummary(run: NodeRunState, perPort: boolean): string {
  const total = run.outputs.reduce((n, p) => n + p.items, 0);
  const parts = [perPort || run.outputs.length === 0 ? "" : itemsLabel(total)];
  if (run.status !== "skipped" && run.durationMs !== null) parts.push(durationLabel(run.durationMs));
  return parts.filter(Boolean).join(" · ") || run.status;
}

export function NodeShell({ data, selected, shape = "plain", children }: Props) {
  const { node, desc, inputs, outputs, problems, run, pinned } = data;
  const updateInternals = useUpdateNodeInternals();
  const portKey = `${inputs.join(",")}>${outputs.join(",")}`;
  // Handles come and go with the params (Switch rules, the error port): re-measure them when they
  // change. Not on mount: React Flow measures a new node itself, and a call per mounted node would
  // re-measure a large canvas once per node.
  const measuredPorts = useRef(portKey);
  useEffect(() => {
    if (measuredPorts.current === portKey) return;
    measuredPorts.current = portKey;
    updateInternals(node.id);
  }, [portKey, node.id, updateInternals]);
  const color = colorOf(desc);
  const label = desc?.label ?? node.type;
  const subtitle = node.name && node.name !== label ? label : node.id;
  const labelled = outputs.length > 1 || outputs.some((p) => p !== "main");
  const classes = ["sy-node", `sy-node--${data.kind}`, shape === "round-left" ? "sy-node--trigger-shape" : ""];
  if (selected) classes.push("is-selected");
  if (node.disabled) classes.push("is-disabled");
  if (problems.length > 0) classes.push("has-problems");
  if (run) classes.push(`is-run-${run.status}`);
  const minHeight = Math.max(64, Math.max(outputs.length, inputs.length) * 26 + 16);
  return (
    <div className={classes.join(" ")} style={{ minHeight, ["--accent" as string]: color }} data-node-id={node.id} data-testid={`node-${node.id}`}
      data-run-status={run?.status}>
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
        {run && run.status !== "running" && <div className="sy-node__duration">{runSummary(run, labelled)}</div>}
      </div>
      {problems.length > 0 && <div className="sy-node__badge" title={problems.join("\n")}>!</div>}
      {run && <RunMark status={run.status} />}
      {pinned && <div className="sy-node__pin" title="Pinned output: test runs use it instead of running the node" data-testid={`pin-${node.id}`}>PIN</div>}
      {run?.error && (
        <div className="sy-node__error" data-testid={`error-${node.id}`} title={run.error.message}>
          <strong>{run.error.kind}</strong> {run.error.message}
        </div>
      )}
      {outputs.map((port, i) => (
        <Handle key={`out-${port}`} id={port} type="source" position={Position.Right} style={{ top: portTop(i, outputs.length) }}
          className={`sy-handle sy-handle--out${port === "error" ? " sy-handle--error" : ""}`} data-port={port}>
          {labelled && (
            <span className="sy-port-label" data-testid={`count-${node.id}-${port}`}>
              {[port, countText(run, port)].filter(Boolean).join(" · ")}
            </span>
          )}
        </Handle>
      ))}
    </div>
  );
}
