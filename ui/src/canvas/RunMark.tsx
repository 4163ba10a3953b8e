// A node's status in the run shown: a round badge on its corner.
import type { NodeRunStatus } from "../store/progress";

const GLYPH: Record<NodeRunStatus, string> = {
  running: "…", succeeded: "✓", failed: "✕", skipped: "–", pinned: "✓", disabled: "⊘",
};

export function RunMark({ status }: { status: NodeRunStatus }) {
  return <div className={`sy-run-mark sy-run-mark--${status}`} title={status} aria-label={`run: ${status}`}>{GLYPH[status]}</div>;
}
