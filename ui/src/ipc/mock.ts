// A host in the page, for the browser build (`vite build --mode e2e`) and `vite dev` outside
// Tauri: the real catalog and templates (fixtures generated from the engine), files kept in memory,
// a workspace folder (/workspace) and native dialogs answered by the tests (see mockDialogs.ts).
import { mockIPC } from "@tauri-apps/api/mocks";
import catalog from "../../e2e/fixtures/catalog.json";
import templates from "../../e2e/fixtures/templates.json";
import { writeDocument } from "../doc/canonical";
import { validateDocument } from "../doc/validate";
import { COMMANDS } from "./index";
import {
  addMockCredential, cancelMockSignIn, failure, MOCK_CREDENTIAL_TYPES, MOCK_CREDENTIALS, renameMockCredential, startMockSignIn,
} from "./mockCredentials";
import { answerDialog, installDialogQueue } from "./mockDialogs";
import { mockTestListen, stopMockTestListen } from "./mockTestEvents";
import { listWorkspace, MOCK_FOLDER } from "./mockWorkspace";
import type { NewCredential, NodeDescription, TemplateEntry, WorkflowDocument } from "./types";

const NO_RUNS = "runs need the desktop app or the bridge";

declare global {
  interface Window {
    /** Files saved through the mock host: path → text. */
    __switchyardFiles?: Map<string, string>;
  }
}

export function installMockHost(): void {
  const nodes = catalog as unknown as NodeDescription[];
  const entries: TemplateEntry[] = (templates as { file: string; text: string }[])
    .map((t) => ({ file: t.file, document: JSON.parse(t.text) as WorkflowDocument }));
  const files = new Map<string, string>(
    (templates as { file: string; text: string }[]).map((t) => [`templates/${t.file}`, t.text]));
  let folder = MOCK_FOLDER;
  const credentials = MOCK_CREDENTIALS.map((c) => ({ ...c }));
  window.__switchyardFiles = files;
  installDialogQueue();
  mockIPC((cmd, payload) => {
    const dialog = answerDialog(cmd, payload);
    if (dialog.handled) return dialog.value;
    const args = (payload ?? {}) as {
      path?: string; doc?: WorkflowDocument; folder?: string; id?: string; env?: string; credential?: NewCredential;
      label?: string; node_id?: string;
    };
    switch (cmd) {
      case COMMANDS.catalog: return nodes;
      case COMMANDS.templates: return entries;
      case COMMANDS.credentials: return credentials.map((c) => ({ ...c }));
      case COMMANDS.credentialTypes: return MOCK_CREDENTIAL_TYPES;
      case COMMANDS.addCredential: return addMockCredential(credentials, args.credential as NewCredential);
      case COMMANDS.testCredential: {
        const found = credentials.find((c) => c.id === args.id);
        if (!found) return { ok: false, lines: [`FAILED credential "${args.id ?? ""}" is not stored`] };
        return { ok: true, lines: [`ok credential "${found.id}" (${found.type}, ${args.env ?? "production"} secret): resolves and has every required field`] };
      }
      case COMMANDS.removeCredential: {
        const at = credentials.findIndex((c) => c.id === args.id);
        if (at >= 0) credentials.splice(at, 1);
        return at >= 0;
      }
      case COMMANDS.renameCredential: return renameMockCredential(credentials, args.id ?? "", args.label ?? "");
      case COMMANDS.startSignIn: return startMockSignIn(credentials, args.credential as NewCredential);
      case COMMANDS.cancelSignIn: return cancelMockSignIn(args.id ?? "");
      case COMMANDS.listenForTestEvent: return mockTestListen(args.doc as WorkflowDocument, args.node_id ?? "");
      case COMMANDS.stopTestListen: return stopMockTestListen();
      case COMMANDS.usageToday: return [];
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
      case "host_status": return { listening: null, problem: NO_RUNS, workflows: [] };
      case "set_active": {
        const text = files.get(args.path ?? "");
        if (text === undefined) throw failure("io", `no such file: ${args.path ?? ""}`);
        const doc = JSON.parse(text) as WorkflowDocument;
        files.set(args.path ?? "", writeDocument({ ...doc, active: (payload as { active?: boolean }).active === true }));
        return listWorkspace(folder, files, nodes);
      }
      case "get_retention": return { keep_per_workflow: 1000, max_age_days: 30 };
      case "set_retention": return { runs_deleted: 0, documents_deleted: 0 };
      case COMMANDS.listRuns: return [];
      case COMMANDS.searchRuns: return [];
      case COMMANDS.startRun: case COMMANDS.cancelRun: case COMMANDS.getRun: case COMMANDS.rerun: case COMMANDS.replayRun:
        throw failure("host", NO_RUNS);
      default: throw failure("bad_request", `unknown command ${cmd}`);
    }
  }, { shouldMockEvents: true });
}
