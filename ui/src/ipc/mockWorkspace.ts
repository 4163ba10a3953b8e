// The workspace listing of the mock host: the saved files directly inside its folder.
import { validateDocument } from "../doc/validate";
import type { NodeDescription, WorkflowDocument, Workspace, WorkspaceFile } from "./types";

export const MOCK_FOLDER = "/workspace";

function describeFile(path: string, text: string, catalog: readonly NodeDescription[]): WorkspaceFile {
  const file = path.slice(path.lastIndexOf("/") + 1);
  try {
    const doc = JSON.parse(text) as WorkflowDocument;
    return { path, file, name: doc.name ?? doc.id, active: doc.active, problems: validateDocument(doc, catalog).errors.length };
  } catch {
    return { path, file, name: null, active: false, problems: 1 };
  }
}

export function listWorkspace(folder: string, files: ReadonlyMap<string, string>, catalog: readonly NodeDescription[]): Workspace {
  const prefix = folder.endsWith("/") ? folder : `${folder}/`;
  const listed = [...files]
    .filter(([path]) => path.startsWith(prefix) && !path.slice(prefix.length).includes("/") && path.endsWith(".flow.json"))
    .map(([path, text]) => describeFile(path, text, catalog))
    .sort((a, b) => a.file.localeCompare(b.file));
  return { folder, files: listed };
}
