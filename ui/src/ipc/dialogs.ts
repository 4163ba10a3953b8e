// The native dialogs (Tauri's dialog plugin). The rest of the UI asks through these functions only.
import { ask, open, save } from "@tauri-apps/plugin-dialog";

const WORKFLOW_FILTERS = [
  { name: "Switchyard workflows", extensions: ["flow.json"] },
  { name: "JSON", extensions: ["json"] },
];

/** A workflow file to open, or null when the user cancels. */
export function pickWorkflowToOpen(folder?: string): Promise<string | null> {
  return open({ title: "Open workflow", defaultPath: folder, filters: WORKFLOW_FILTERS, multiple: false, directory: false });
}

/** Where to save a workflow, or null when the user cancels. */
export function pickSavePath(defaultPath: string): Promise<string | null> {
  return save({ title: "Save workflow as", defaultPath, filters: WORKFLOW_FILTERS });
}

/** A folder to use as the workspace, or null when the user cancels. */
export function pickFolder(current?: string): Promise<string | null> {
  return open({ title: "Choose the workspace folder", defaultPath: current, directory: true, multiple: false });
}

/** A yes/no question; true on yes. */
export function askYesNo(question: string): Promise<boolean> {
  return ask(question, { title: "Switchyard", kind: "warning" });
}
