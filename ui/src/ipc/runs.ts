// Runs and their history: start, stop, list, search, inspect, re-run and replay, plus the live
// `run-progress` events the host sends while a run goes.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { COMMANDS } from "./index";
import type {
  JsonValue, PruneStats, ReplayView, RetentionSettings, RunDetail, RunProgress, RunQuery, RunSelection, RunStarted, RunSummary, SearchHit,
  WorkflowDocument,
} from "./types";

/** The event the host sends for each step of a run. */
export const RUN_PROGRESS = "run-progress";

export interface StartRunArgs {
  doc: WorkflowDocument;
  path?: string;
  selection?: RunSelection;
  dry_run?: boolean;
  /** The trigger's items instead of its pinned sample (a received test event). */
  trigger_items?: JsonValue[];
}

export function startRun(args: StartRunArgs): Promise<RunStarted> {
  return invoke<RunStarted>(COMMANDS.startRun, { ...args });
}

/** Resolves to false when the run was not running any more. */
export function cancelRun(runId: string): Promise<boolean> {
  return invoke<boolean>(COMMANDS.cancelRun, { run_id: runId });
}

export function listRuns(query: RunQuery): Promise<RunSummary[]> {
  return invoke<RunSummary[]>(COMMANDS.listRuns, { query });
}

export function searchRuns(text: string, limit?: number): Promise<SearchHit[]> {
  return invoke<SearchHit[]>(COMMANDS.searchRuns, { text, limit });
}

export function getRun(runId: string): Promise<RunDetail> {
  return invoke<RunDetail>(COMMANDS.getRun, { run_id: runId });
}

/** Runs a recorded run again: on its recorded document, or on `current` when given. */
export function rerun(runId: string, current?: { doc: WorkflowDocument; path: string | null }): Promise<RunStarted> {
  const args = current ? { run_id: runId, current: current.doc, path: current.path ?? undefined } : { run_id: runId };
  return invoke<RunStarted>(COMMANDS.rerun, args);
}

export function replayRun(runId: string): Promise<ReplayView> {
  return invoke<ReplayView>(COMMANDS.replayRun, { run_id: runId });
}

export function onRunProgress(handler: (event: RunProgress) => void): Promise<UnlistenFn> {
  return listen<RunProgress>(RUN_PROGRESS, (e) => handler(e.payload));
}

/** What the run history keeps. */
export function getRetention(): Promise<RetentionSettings> {
  return invoke<RetentionSettings>("get_retention");
}

/** Keeps `retention` from now on and prunes to it now; resolves to what was deleted. */
export function setRetention(retention: RetentionSettings): Promise<PruneStats> {
  return invoke<PruneStats>("set_retention", { retention });
}
