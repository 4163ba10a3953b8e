// How much run history to keep: runs per workflow and days; empty means no limit. Saving
// prunes now and keeps pruning to it (hourly), in this and later sessions.
import { useEffect, useState } from "react";
import { describeError } from "../ipc/errors";
import { getRetention, setRetention } from "../ipc/runs";
import { useWorkflow } from "../store/workflow";

function limit(text: string): number | null {
  const n = Number(text.trim());
  return text.trim() === "" || !Number.isFinite(n) ? null : Math.max(0, Math.floor(n));
}

export function RetentionForm() {
  const [keep, setKeep] = useState("");
  const [days, setDays] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    getRetention()
      .then((r) => { setKeep(r.keep_per_workflow?.toString() ?? ""); setDays(r.max_age_days?.toString() ?? ""); })
      .catch(() => undefined);
  }, []);
  const save = async () => {
    try {
      const stats = await setRetention({ keep_per_workflow: limit(keep), max_age_days: limit(days) });
      setMessage(`Saved. ${stats.runs_deleted} older run${stats.runs_deleted === 1 ? "" : "s"} deleted.`);
    } catch (e) {
      setMessage(describeError(e));
      useWorkflow.getState().notify(`Could not change the retention: ${describeError(e)}`, "error");
    }
  };
  return (
    <details className="sy-retention" data-testid="retention">
      <summary>History settings</summary>
      <label>Keep per workflow
        <input className="sy-input" inputMode="numeric" aria-label="Runs kept per workflow" placeholder="no limit"
          value={keep} onChange={(e) => setKeep(e.target.value)} />
      </label>
      <label>Keep for days
        <input className="sy-input" inputMode="numeric" aria-label="Days runs are kept" placeholder="no limit"
          value={days} onChange={(e) => setDays(e.target.value)} />
      </label>
      <button className="sy-btn" onClick={() => void save()}>Save</button>
      {message && <p className="sy-muted" data-testid="retention-message">{message}</p>}
    </details>
  );
}
