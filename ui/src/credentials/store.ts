// Whether the credentials screen is open, and on which tab.
import { create } from "zustand";

export type CredentialsTab = "list" | "usage";

interface CredentialsUi {
  open: boolean;
  tab: CredentialsTab;
  show: (tab?: CredentialsTab) => void;
  close: () => void;
  setTab: (tab: CredentialsTab) => void;
}

export const useCredentialsUi = create<CredentialsUi>((set) => ({
  open: false,
  tab: "list",
  show: (tab) => set((s) => ({ open: true, tab: tab ?? s.tab })),
  close: () => set({ open: false }),
  setTab: (tab) => set({ tab }),
}));
