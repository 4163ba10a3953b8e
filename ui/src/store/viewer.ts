// A recorded run opened from the history: its document is shown read-only on the canvas, with
// every node's recorded status, in place of the editor's document.
import { create } from "zustand";
import type { ReplayView, RunDetail } from "../ipc/types";
import { NO_STATES, statesOfDetail, type NodeStates } from "./progress";

interface ViewerState {
  detail: RunDetail | null;
  states: NodeStates;
  /** The last replay of the viewed run. */
  replay: ReplayView | null;
  open: (detail: RunDetail) => void;
  setReplay: (replay: ReplayView | null) => void;
  close: () => void;
}

export const useViewer = create<ViewerState>((set) => ({
  detail: null,
  states: NO_STATES,
  replay: null,
  open: (detail) => set({ detail, states: statesOfDetail(detail), replay: null }),
  setReplay: (replay) => set({ replay }),
  close: () => set({ detail: null, states: NO_STATES, replay: null }),
}));
