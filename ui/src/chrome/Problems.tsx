// The problems list: every validation error; a click selects the node it names.
import { useState } from "react";
import { useReadOnly } from "../store/shown";
import { useWorkflow } from "../store/workflow";

export function Problems() {
  const problems = useWorkflow((s) => s.problems);
  const select = useWorkflow((s) => s.select);
  const [open, setOpen] = useState(true);
  const readOnly = useReadOnly();
  // A recorded run on the canvas is not the document the problems are about.
  if (readOnly) return null;
  return (
    <div className={`sy-problems${problems.length === 0 ? " is-clean" : ""}`} data-testid="problems">
      <button className="sy-problems__head" onClick={() => setOpen(!open)}>
        {problems.length === 0 ? "✓ No problems" : `⚠ ${problems.length} problem${problems.length === 1 ? "" : "s"}`}
        <span className="sy-muted">{open ? "▾" : "▸"}</span>
      </button>
      {open && problems.length > 0 && (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>
              <button className="sy-problem" onClick={() => p.node && select({ nodes: [p.node], edges: [], notes: [] })}>
                {p.node && <span className="sy-problem__node">{p.node}</span>}
                {p.field && <code>{p.field}</code>}
                <span>{p.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
