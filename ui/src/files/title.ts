// How the open document is named to the user: dialogs and the window title.
import type { WorkflowDocument } from "../ipc/types";

export function displayName(doc: WorkflowDocument): string {
  return doc.name?.trim() || doc.id;
}

export function windowTitle(name: string, edited: boolean): string {
  return `${edited ? "• " : ""}${name} — Switchyard`;
}
