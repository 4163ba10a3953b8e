// The real catalog (generated from the engine) for unit tests.
import catalogJson from "../../e2e/fixtures/catalog.json";
import type { NodeDescription } from "../ipc/types";
import { useCatalog } from "../store/catalog";

export const catalog = catalogJson as unknown as NodeDescription[];

export function loadCatalog(): void {
  useCatalog.getState().setCatalog(catalog);
}

export function lookup(type: string): NodeDescription | undefined {
  return catalog.find((n) => n.type === type);
}
