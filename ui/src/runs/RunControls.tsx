// The toolbar's run controls: Run once (Ctrl+Enter), the dry-run switch, Stop while running.
import { isRunning, useRun } from "../store/run";
import { useReadOnly } from "../store/shown";
import { durationLabel } from "../store/progress";
import { runDocument, stopRun } from "./actions";

export function RunControls() {
  const running = useRun(isRunning);
  const dryRun = useRun((s) => s.dryRun);
  const outcome = useRun((s) => s.outcome);
  const readOnly = useReadOnly();
  return (
    <div className="sy-toolbar__group sy-run-controls">
      <label className="sy-switch" title="Writes (non-GET HTTP, CRM writes, e-mails) are simulated">
        <input type="checkbox" aria-label="Dry run" checked={dryRun} onChange={(e) => useRun.getState().setDryRun(e.target.checked)} />
        Dry run
      </label>
      {running ? (
        <button className="sy-btn sy-btn--danger" onClick={() => void stopRun()} data-testid="stop-run">■ Stop</button>
      ) : (
        <button className="sy-btn sy-btn--run" title="Run once (Ctrl+Enter)" disabled={readOnly}
          onClick={() => void runDocument()} data-testid="run-once">▶ Run once</button>
      )}
      {outcome && !running && (
        <span className={`sy-run-outcome sy-run-outcome--${outcome.status}`} data-testid="run-outcome">
          {outcome.status} · {durationLabel(outcome.durationMs)}
        </span>
      )}
    </div>
  );
}
