// What a replay found: the nodes whose output changed against the recorded run.
import type { ReplayView } from "../ipc/types";

export function ReplayChanges({ replay }: { replay: ReplayView }) {
  return (
    <div className="sy-replay" data-testid="replay">
      {replay.changes.length === 0
        ? <span>Replay ({replay.run_id}): no changes.</span>
        : (
          <>
            <span>Replay ({replay.run_id}): {replay.changes.length} node{replay.changes.length === 1 ? "" : "s"} changed</span>
            <ul>
              {replay.changes.map((c) => (
                <li key={c.node_id}><strong>{c.node_id}</strong> {c.before_status ?? "—"} → {c.after_status ?? "—"}</li>
              ))}
            </ul>
          </>
        )}
      {replay.not_compared.length > 0 && <span className="sy-muted"> Not compared (cut to size): {replay.not_compared.join(", ")}</span>}
    </div>
  );
}
