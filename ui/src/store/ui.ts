// View state that is not part of the document: overlays, options, the pointer.
import { create } from "zustand";

interface QuickAdd {
  screen: { x: number; y: number };
  flow: { x: number; y: number };
}

interface UiState {
  snapToGrid: boolean;
  helpOpen: boolean;
  quickAdd: QuickAdd | null;
  pointer: { x: number; y: number };
  pointerScreen: { x: number; y: number };
  toggleSnap: () => void;
  setHelp: (open: boolean) => void;
  openQuickAdd: (at: QuickAdd) => void;
  closeQuickAdd: () => void;
}

export const useUi = create<UiState>((set) => ({
  snapToGrid: true,
  helpOpen: false,
  quickAdd: null,
  pointer: { x: 0, y: 0 },
  pointerScreen: { x: 200, y: 200 },
  toggleSnap: () => set((s) => ({ snapToGrid: !s.snapToGrid })),
  setHelp: (helpOpen) => set({ helpOpen }),
  openQuickAdd: (quickAdd) => set({ quickAdd }),
  closeQuickAdd: () => set({ quickAdd: null }),
}));
