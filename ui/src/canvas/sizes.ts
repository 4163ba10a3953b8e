// Measured node sizes, kept so that derived nodes stay measured and tidy-up knows their size.
import { create } from "zustand";

export interface Size {
  width: number;
  height: number;
}

interface SizesState {
  sizes: ReadonlyMap<string, Size>;
  /** Records a batch of measurements at once (one new map, one update, whatever the batch size). */
  record: (measured: readonly (readonly [string, Size])[]) => void;
}

export const useSizes = create<SizesState>((set, get) => ({
  sizes: new Map(),
  record: (measured) => {
    const old = get().sizes;
    const changed = measured.filter(([id, s]) => old.get(id)?.width !== s.width || old.get(id)?.height !== s.height);
    if (changed.length === 0) return;
    const next = new Map(old);
    for (const [id, size] of changed) next.set(id, size);
    set({ sizes: next });
  },
}));
