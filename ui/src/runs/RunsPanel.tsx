// The Runs view: the history of the open workflow (or of all), filtered by status and date,
// or searched through every node's data; a click opens a run read-only on the canvas.
import { useEffect, useState } from "react";
import { describeError } from "../ipc/errors";
import { listRuns, searchRuns } from "../ipc/runs";
import type { RunStatus, RunSummary, SearchHit } from "../ipc/types";
import { durationLabel } from "../store/progress";
import { useRun } from "../store/run";
import { useViewer } from "../store/viewer";
import { useWorkflow } from "../store/workflow";
import { startedLabel, toQuery, type Since } from "./filters";
import { openRecordedRun } from "./history";
import { RetentionForm } from "./RetentionForm";

const STATUSES: (RunStatus | "any")[] = ["any", "succeeded", "failed", "cancelled", "running", "interrupted"];
const SINCE: { id: Since; label: string }[] = [
  { id: "any", label: "Any time" }, { id: "hour", label: "Last hour" }, { id: "day", label: "Last 24 hours" }, { id: "week", label: "Last 7 days" },
];

function RunRow({ run, snippet }: { run: RunSummary; snippet?: string }) {
  const open = useViewer((s) => s.detail?.summary.run_id === run.run_id);
  return (
    <li>
      <button className={`sy-run-row${open ? " is-open" : ""}`} onClick={() => void openRecordedRun(run.run_id)}
        data-run-id={run.run_id} data-testid="run-row" title={run.run_id}>
        <span className="sy-run-row__line">
          <span className={`sy-status sy-status--${run.status}`}>{run.status}</span>
          <span className="sy-muted">{startedLabel(run.started_at, new Date())} · {durationLabel(run.duration_ms)}</span>
        </span>
        <span className="sy-run-row__trigger">{run.trigger}{run.dry_run ? " · dry run" : ""}</span>
        <span className="sy-muted">{run.workflow_id}</span>
        {snippet && <span className="sy-run-row__snippet">{snippet}</span>}
      </button>
    </li>
  );
}

export function RunsPanel() {
  const workflowId = useWorkflow((s) => s.doc.id);
  const lastOutcome = useRun((s) => s.outcome);
  const lastRun = useRun((s) => s.runId);
  const [allWorkflows, setAll] = useState(false);
  const [status, setStatus] = useState<RunStatus | "any">("any");
  const [since, setSince] = useState<Since>("any");
  const [text, setText] = useState("");
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const search = text.trim();
    const timer = setTimeout(() => {
      const done = () => { if (live) setError(null); };
      const fail = (e: unknown) => { if (live) setError(describeError(e)); };
      if (search) {
        searchRuns(search, 100).then((h) => { if (live) { setHits(h); done(); } }).catch(fail);
      } else {
        const query = toQuery({ workflowId: allWorkflows ? null : workflowId, status, since }, Date.now());
        listRuns(query).then((r) => { if (live) { setRuns(r); setHits(null); done(); } }).catch(fail);
      }
    }, search ? 200 : 0);
    return () => { live = false; clearTimeout(timer); };
  }, [workflowId, allWorkflows, status, since, text, lastOutcome, lastRun]);

  return (
    <div className="sy-runs" aria-label="Runs" data-testid="runs">
      <input className="sy-search" placeholder="Search all runs' data" aria-label="Search runs" value={text}
        onChange={(e) => setText(e.target.value)} />
      {!text.trim() && (
        <div className="sy-runs__filters">
          <label className="sy-switch">
            <input type="checkbox" checked={allWorkflows} onChange={(e) => setAll(e.target.checked)} aria-label="All workflows" />
            All workflows
          </label>
          <select className="sy-input" aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value as RunStatus | "any")}>
            {STATUSES.map((s) => <option key={s} value={s}>{s === "any" ? "Any status" : s}</option>)}
          </select>
          <select className="sy-input" aria-label="Since" value={since} onChange={(e) => setSince(e.target.value as Since)}>
            {SINCE.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
          </select>
        </div>
      )}
      {error && <p className="sy-field__error">{error}</p>}
      <ul className="sy-runs__list">
        {hits
          ? hits.map((h, i) => <RunRow key={`${h.run.run_id}-${h.node_id}-${i}`} run={h.run} snippet={`${h.node_id}: ${h.snippet}`} />)
          : runs.map((r) => <RunRow key={r.run_id} run={r} />)}
      </ul>
      {(hits ? hits.length : runs.length) === 0 && !error && (
        <p className="sy-muted sy-runs__empty">{hits ? "No run touched that text." : "No runs yet: Run once (Ctrl+Enter) records one."}</p>
      )}
      <RetentionForm />
    </div>
  );
}
