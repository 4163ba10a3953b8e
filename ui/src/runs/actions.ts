// Running from the editor: run once (whole, up to a node, one node), stop, re-run; the live
// events go to the run store and the finished run's record to the inspector.
import { describeError } from "../ipc/errors";
import { cancelRun, getRun, onRunProgress, rerun, startRun } from "../ipc/runs";
import type { CommandError, JsonValue, RunSelection, RunStarted } from "../ipc/types";
import { isRunning, useRun } from "../store/run";
import { useWorkflow } from "../store/workflow";

function isInvalid(e: unknown): e is CommandError {
  return typeof e === "object" && e !== null && (e as CommandError).kind === "invalid" && Array.isArray((e as CommandError).problems);
}

async function track(start: () => Promise<RunStarted>): Promise<string | null> {
  const run = useRun.getState();
  if (isRunning(run)) return null;
  run.begin();
  try {
    const { run_id } = await start();
    useRun.getState().started(run_id);
    // A short run may have finished before the host answered.
    if (useRun.getState().outcome) loadDetail(run_id);
    return run_id;
  } catch (e) {
    useRun.getState().refused();
    const wf = useWorkflow.getState();
    if (isInvalid(e)) wf.setProblems(e.problems);
    wf.notify(`Could not run: ${describeError(e)}`, "error");
    return null;
  }
}

/** Runs the editor's document: the whole workflow, up to a node, or one node. */
export function runDocument(selection: RunSelection = { kind: "whole" }): Promise<string | null> {
  const { doc, path } = useWorkflow.getState();
  const dryRun = useRun.getState().dryRun;
  return track(() => startRun({ doc, path: path ?? undefined, selection, dry_run: dryRun }));
}

/** Runs the whole document as Run once does, its trigger fed `item` (a received test event). */
export function runWithTriggerItem(item: JsonValue): Promise<string | null> {
  const { doc, path } = useWorkflow.getState();
  const dryRun = useRun.getState().dryRun;
  return track(() => startRun({ doc, path: path ?? undefined, selection: { kind: "whole" }, dry_run: dryRun, trigger_items: [item] }));
}

/** Re-runs a recorded run, on its recorded version or on the editor's document. */
export function rerunRecorded(runId: string, onCurrent: boolean): Promise<string | null> {
  const { doc, path } = useWorkflow.getState();
  return track(() => rerun(runId, onCurrent ? { doc, path } : undefined));
}

export async function stopRun(): Promise<void> {
  const { runId } = useRun.getState();
  if (!runId) return;
  try {
    await cancelRun(runId);
  } catch (e) {
    useWorkflow.getState().notify(`Could not stop the run: ${describeError(e)}`, "error");
  }
}

function loadDetail(runId: string): void {
  getRun(runId).then((d) => useRun.getState().setDetail(d))
    .catch((e: unknown) => useWorkflow.getState().notify(`Could not read the run: ${describeError(e)}`, "error"));
}

/** Feeds the run store from the host's events; fetches each finished run's record. Resolves to the unsubscribe. */
export async function followRuns(): Promise<() => void> {
  return onRunProgress((event) => {
    useRun.getState().receive(event);
    if (event.kind === "run_finished" && event.run_id === useRun.getState().runId) loadDetail(event.run_id);
  });
}
