// Measured node sizes, kept so that derived nodes stay measured and tidy-up knows their size.
import { create } from "zustand";

interface SizesState {
  sizes: ReadonlyMap<string, { width: number; height: number }>;
  set: (id: string, size: { width: number; height: number }) => void;
}

export const useSizes = create<SizesState>((set, get) => ({
  sizes: new Map(),
  set: (id, size) => {
    const old = get().sizes.get(id);
    if (old && old.width === size.width && old.height === size.height) return;
    const next = new Map(get().sizes);
    next.set(id, size);
    set({ sizes: next });
  },
}));
