// File commands shared by the toolbar, the keyboard and the workspace panel: new, open, save,
// save as and the workspace folder. Replacing an edited document asks first.
import { getWorkspace, openWorkflow, saveWorkflow, setWorkspace } from "../ipc";
import { askYesNo, pickFolder, pickSavePath, pickWorkflowToOpen } from "../ipc/dialogs";
import { describeError } from "../ipc/errors";
import type { TemplateEntry } from "../ipc/types";
import { emptyDocument } from "../store/edit";
import { useWorkflow } from "../store/workflow";
import { useWorkspace } from "../store/workspace";
import { joinPath, withFlowExtension } from "./paths";
import { displayName } from "./title";

function folder(): string | undefined {
  return useWorkspace.getState().workspace?.folder;
}

/** True when nothing would be lost, or when the user agrees to lose the edits. */
export async function confirmDiscard(): Promise<boolean> {
  const { doc, saved } = useWorkflow.getState();
  if (doc === saved) return true;
  return askYesNo(`Discard unsaved changes to ${displayName(doc)}?`);
}

export async function newWorkflow(): Promise<void> {
  if (await confirmDiscard()) useWorkflow.getState().load(emptyDocument(), null);
}

export async function openTemplate(entry: TemplateEntry): Promise<void> {
  if (await confirmDiscard()) useWorkflow.getState().load(entry.document, `templates/${entry.file}`);
}

async function load(path: string): Promise<void> {
  try {
    useWorkflow.getState().load(await openWorkflow(path), path);
  } catch (e) {
    useWorkflow.getState().notify(`Could not open ${path}: ${describeError(e)}`, "error");
  }
}

/** Opens a file of the workspace list. */
export async function openPath(path: string): Promise<void> {
  if (await confirmDiscard()) await load(path);
}

/** Open…: the native open dialog, in the workspace folder. */
export async function openWithDialog(): Promise<void> {
  if (!(await confirmDiscard())) return;
  const path = await pickWorkflowToOpen(folder());
  if (path) await load(path);
}

export async function refreshWorkspace(): Promise<void> {
  try {
    useWorkspace.getState().update(await getWorkspace());
  } catch (e) {
    useWorkflow.getState().notify(`Could not list the workspace: ${describeError(e)}`, "error");
  }
}

/** Change folder…: the native folder dialog, then the host switches to it. */
export async function changeWorkspaceFolder(): Promise<void> {
  const chosen = await pickFolder(folder());
  if (!chosen) return;
  try {
    useWorkspace.getState().update(await setWorkspace(chosen));
  } catch (e) {
    useWorkflow.getState().notify(`Could not use ${chosen}: ${describeError(e)}`, "error");
  }
}

async function writeTo(path: string): Promise<void> {
  const { doc, markSaved, notify } = useWorkflow.getState();
  try {
    await saveWorkflow(path, doc);
  } catch (e) {
    notify(`Could not save ${path}: ${describeError(e)}`, "error");
    return;
  }
  markSaved(path, doc);
  notify(`Saved ${path}`);
  await refreshWorkspace();
}

/** Save as…: the native save dialog, suggesting `<workspace folder>/<id>.flow.json`. */
export async function saveAs(): Promise<void> {
  const { doc } = useWorkflow.getState();
  const file = `${doc.id}.flow.json`;
  const at = folder();
  const chosen = await pickSavePath(at ? joinPath(at, file) : file);
  if (chosen) await writeTo(withFlowExtension(chosen));
}

/** Save: to the document's file, or Save as… when it has none yet. */
export async function save(): Promise<void> {
  const { path } = useWorkflow.getState();
  if (path) await writeTo(path);
  else await saveAs();
}
