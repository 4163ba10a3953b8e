// A host in the page, for the browser build (`vite build --mode e2e`) and `vite dev` outside
// Tauri: the real catalog and templates (fixtures generated from the engine), files kept in memory,
// a workspace folder (/workspace) and native dialogs answered by the tests (see mockDialogs.ts).
import { mockIPC } from "@tauri-apps/api/mocks";
import catalog from "../../e2e/fixtures/catalog.json";
import templates from "../../e2e/fixtures/templates.json";
import { writeDocument } from "../doc/canonical";
import { validateDocument } from "../doc/validate";
import { COMMANDS } from "./index";
import { answerDialog, installDialogQueue } from "./mockDialogs";
import { listWorkspace, MOCK_FOLDER } from "./mockWorkspace";
import type { CommandError, CredentialSummary, NodeDescription, TemplateEntry, WorkflowDocument } from "./types";

const CREDENTIALS: CredentialSummary[] = [
  { id: "hubspot-main", type: "hubspot.private_app" },
  { id: "hubspot-sandbox", type: "hubspot.oauth" },
  { id: "crm-token", type: "http.bearer" },
];

const NO_RUNS = "runs need the desktop app or the bridge";

declare global {
  interface Window {
    /** Files saved through the mock host: path → text. */
    __switchyardFiles?: Map<string, string>;
  }
}

function failure(kind: CommandError["kind"], message: string): CommandError {
  return { kind, message, problems: [] };
}

export function installMockHost(): void {
  const nodes = catalog as unknown as NodeDescription[];
  const entries: TemplateEntry[] = (templates as { file: string; text: string }[])
    .map((t) => ({ file: t.file, document: JSON.parse(t.text) as WorkflowDocument }));
  const files = new Map<string, string>(
    (templates as { file: string; text: string }[]).map((t) => [`templates/${t.file}`, t.text]));
  let folder = MOCK_FOLDER;
  window.__switchyardFiles = files;
  installDialogQueue();
  mockIPC((cmd, payload) => {
    const dialog = answerDialog(cmd, payload);
    if (dialog.handled) return dialog.value;
    const args = (payload ?? {}) as { path?: string; doc?: WorkflowDocument; folder?: string };
    switch (cmd) {
      case COMMANDS.catalog: return nodes;
      case COMMANDS.templates: return entries;
      case COMMANDS.credentials: return CREDENTIALS;
      case COMMANDS.validate: return validateDocument(args.doc as WorkflowDocument, nodes);
      case COMMANDS.open: {
        const text = files.get(args.path ?? "");
        if (text === undefined) throw failure("not_found", `no such file: ${args.path ?? ""}`);
        return JSON.parse(text) as WorkflowDocument;
      }
      case COMMANDS.save: {
        const text = writeDocument(args.doc as WorkflowDocument);
        files.set(args.path ?? "untitled.flow.json", text);
        return text;
      }
      case COMMANDS.workspace: return listWorkspace(folder, files, nodes);
      case COMMANDS.setWorkspace: {
        if (!args.folder?.startsWith("/")) throw failure("bad_request", `not an absolute folder: ${args.folder ?? ""}`);
        folder = args.folder;
        return listWorkspace(folder, files, nodes);
      }
      case COMMANDS.listRuns: return [];
      case COMMANDS.searchRuns: return [];
      case COMMANDS.startRun: case COMMANDS.cancelRun: case COMMANDS.getRun: case COMMANDS.rerun: case COMMANDS.replayRun:
        throw failure("host", NO_RUNS);
      default: throw failure("bad_request", `unknown command ${cmd}`);
    }
  });
}
