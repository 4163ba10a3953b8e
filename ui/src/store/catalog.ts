// The node catalog, loaded once from the host.
import { create } from "zustand";
import type { CredentialSummary, NodeDescription } from "../ipc/types";

interface CatalogState {
  nodes: NodeDescription[];
  byType: Map<string, NodeDescription>;
  credentials: CredentialSummary[];
  setCatalog: (nodes: NodeDescription[]) => void;
  setCredentials: (credentials: CredentialSummary[]) => void;
}

export const useCatalog = create<CatalogState>((set) => ({
  nodes: [],
  byType: new Map(),
  credentials: [],
  setCatalog: (nodes) => set({ nodes, byType: new Map(nodes.map((n) => [n.type, n])) }),
  setCredentials: (credentials) => set({ credentials }),
}));

export function describe(type: string): NodeDescription | undefined {
  return useCatalog.getState().byType.get(type);
}
