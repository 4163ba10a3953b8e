// The workspace folder and the workflows in it, as the host last listed them.
import { create } from "zustand";
import type { Workspace } from "../ipc/types";

interface WorkspaceState {
  workspace: Workspace | null;
  update: (workspace: Workspace) => void;
}

export const useWorkspace = create<WorkspaceState>((set) => ({
  workspace: null,
  update: (workspace) => set({ workspace }),
}));
