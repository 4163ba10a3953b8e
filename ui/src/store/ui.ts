// View state that is not part of the document: overlays, options, the pointer.
import { create } from "zustand";

interface QuickAdd {
  screen: { x: number; y: number };
  flow: { x: number; y: number };
  /** Opened with Tab on this selected node: the new node goes after it, connected. */
  after?: string;
}

/** What the left column shows. */
export type LeftTab = "nodes" | "workflows" | "runs";

/** The node context menu, at a point of the screen. */
export interface NodeMenu {
  x: number;
  y: number;
  nodeId: string;
}

interface UiState {
  snapToGrid: boolean;
  leftTab: LeftTab;
  helpOpen: boolean;
  quickAdd: QuickAdd | null;
  nodeMenu: NodeMenu | null;
  pointer: { x: number; y: number };
  pointerScreen: { x: number; y: number };
  toggleSnap: () => void;
  setLeftTab: (tab: LeftTab) => void;
  setHelp: (open: boolean) => void;
  openQuickAdd: (at: QuickAdd) => void;
  closeQuickAdd: () => void;
  openNodeMenu: (at: NodeMenu) => void;
  closeNodeMenu: () => void;
}

export const useUi = create<UiState>((set) => ({
  snapToGrid: true,
  leftTab: "nodes",
  helpOpen: false,
  quickAdd: null,
  nodeMenu: null,
  pointer: { x: 0, y: 0 },
  pointerScreen: { x: 200, y: 200 },
  toggleSnap: () => set((s) => ({ snapToGrid: !s.snapToGrid })),
  setLeftTab: (leftTab) => set({ leftTab }),
  setHelp: (helpOpen) => set({ helpOpen }),
  openQuickAdd: (quickAdd) => set({ quickAdd }),
  closeQuickAdd: () => set({ quickAdd: null }),
  openNodeMenu: (nodeMenu) => set({ nodeMenu }),
  closeNodeMenu: () => set({ nodeMenu: null }),
}));
