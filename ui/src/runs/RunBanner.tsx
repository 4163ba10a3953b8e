// Above the canvas while a recorded run is open: which run, and what can be done with it.
import { useViewer } from "../store/viewer";
import { rerunRecorded } from "./actions";
import { closeRecordedRun, copyRunToEditor, replayViewed } from "./history";
import { ReplayChanges } from "./ReplayChanges";

export function RunBanner() {
  const summary = useViewer((s) => s.detail?.summary);
  const replay = useViewer((s) => s.replay);
  if (!summary) return null;
  const afterRerun = (id: string | null) => {
    if (id) closeRecordedRun();
  };
  return (
    <div className="sy-run-banner" data-testid="run-banner">
      <div className="sy-run-banner__row">
        <span className={`sy-status sy-status--${summary.status}`}>{summary.status}</span>
        <span className="sy-run-banner__title">Viewing run <code>{summary.run_id}</code> — {summary.status}</span>
        <span className="sy-run-banner__actions">
          <button className="sy-btn" onClick={() => void rerunRecorded(summary.run_id, false).then(afterRerun)}>Re-run</button>
          <button className="sy-btn" onClick={() => void rerunRecorded(summary.run_id, true).then(afterRerun)}>Re-run on current version</button>
          <button className="sy-btn" onClick={() => void replayViewed()}>Replay</button>
          <button className="sy-btn" onClick={copyRunToEditor}>Copy to editor</button>
          <button className="sy-btn sy-btn--primary" onClick={closeRecordedRun}>Back to editor</button>
        </span>
      </div>
      {replay && <ReplayChanges replay={replay} />}
    </div>
  );
}
