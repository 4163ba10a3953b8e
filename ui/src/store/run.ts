// The editor's current run: started from the canvas (or a re-run), fed by `run-progress` events,
// then its recorded detail for the inspector. Events that arrive before the host has answered
// with the run id are kept until it does.
import { create } from "zustand";
import type { RunDetail, RunProgress } from "../ipc/types";
import { applyProgress, NO_STATES, outcomeOf, type NodeStates, type RunOutcome } from "./progress";

interface RunState {
  /** The run being shown; null before the first run. */
  runId: string | null;
  /** Between asking the host to start a run and its answer. */
  starting: boolean;
  dryRun: boolean;
  nodes: NodeStates;
  /** Set once the run has finished. */
  outcome: RunOutcome | null;
  /** The recorded run, fetched once it has finished. */
  detail: RunDetail | null;
  early: RunProgress[];
}

interface RunActions {
  setDryRun: (dryRun: boolean) => void;
  /** A run is being started: clears the previous one. */
  begin: () => void;
  /** The host answered with the run's id. */
  started: (runId: string) => void;
  /** The run could not start. */
  refused: () => void;
  receive: (event: RunProgress) => void;
  setDetail: (detail: RunDetail) => void;
  clear: () => void;
}

export type RunStore = RunState & RunActions;

function idle(dryRun: boolean): RunState {
  return { runId: null, starting: false, dryRun, nodes: NO_STATES, outcome: null, detail: null, early: [] };
}

export const useRun = create<RunStore>((set, get) => {
  const apply = (event: RunProgress) => set((s) => ({
    nodes: applyProgress(s.nodes, event),
    outcome: outcomeOf(event) ?? s.outcome,
  }));
  return {
    ...idle(false),
    setDryRun: (dryRun) => set({ dryRun }),
    begin: () => set({ ...idle(get().dryRun), starting: true }),
    started: (runId) => {
      const early = get().early.filter((e) => e.run_id === runId);
      set({ runId, starting: false, early: [] });
      for (const e of early) apply(e);
    },
    refused: () => set({ starting: false, early: [] }),
    receive: (event) => {
      const { runId, starting, early } = get();
      if (event.run_id === runId) apply(event);
      else if (starting) set({ early: [...early, event] });
    },
    setDetail: (detail) => { if (detail.summary.run_id === get().runId) set({ detail }); },
    clear: () => set(idle(get().dryRun)),
  };
});

/** Whether the current run is still going. */
export function isRunning(s: RunState): boolean {
  return s.starting || (s.runId !== null && s.outcome === null);
}
