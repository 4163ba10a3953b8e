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
import type {
  CommandError, CredentialSummary, CredentialType, NewCredential, NodeDescription, TemplateEntry, WorkflowDocument,
} from "./types";

const CREDENTIALS: CredentialSummary[] = [
  { id: "hubspot-main", type: "hubspot.private_app" },
  { id: "hubspot-sandbox", type: "hubspot.oauth" },
  { id: "crm-token", type: "http.bearer" },
  { id: "smtp-main", type: "smtp" },
];

/** A few of the back end's credential types (crates/host credentials::catalog). */
const CREDENTIAL_TYPES: CredentialType[] = [
  { type: "hubspot.private_app", fields: [
    { name: "token", required: true, secret: true, kind: "text" },
    { name: "base_url", required: false, secret: false, kind: "text" },
  ] },
  { type: "smtp", fields: [
    { name: "host", required: true, secret: false, kind: "text" },
    { name: "port", required: true, secret: false, kind: "port" },
    { name: "username", required: true, secret: false, kind: "text" },
    { name: "password", required: true, secret: true, kind: "text" },
    { name: "tls", required: false, secret: false, kind: "flag" },
  ] },
  { type: "http.bearer", fields: [
    { name: "token", required: true, secret: true, kind: "text" },
    { name: "base_url", required: false, secret: false, kind: "text" },
  ] },
  { type: "google.service_account", fields: [{ name: "key", required: true, secret: true, kind: "json" }] },
];

/** `add_credential` in memory: the back end's checks on the id, the type and required fields. */
function addMockCredential(list: CredentialSummary[], c: NewCredential): CredentialSummary {
  if (!/^[A-Za-z0-9._-]+$/.test(c.id)) {
    throw failure("bad_request", `credential id "${c.id}" is not valid: use letters, digits, '-', '_' and '.'`);
  }
  const type = CREDENTIAL_TYPES.find((t) => t.type === c.type);
  if (!type) throw failure("bad_request", `unknown credential type "${c.type}"`);
  const required = type.fields.filter((f) => f.required).map((f) => f.name);
  const missing = required.filter((name) => c.fields[name] === undefined || c.fields[name] === "");
  if (missing.length > 0) {
    throw failure("bad_request", `a ${c.type} credential needs ${required.join(", ")}: missing ${missing.join(", ")}`);
  }
  const summary: CredentialSummary = c.label ? { id: c.id, type: c.type, label: c.label } : { id: c.id, type: c.type };
  const at = list.findIndex((x) => x.id === c.id);
  if (at >= 0) list[at] = summary;
  else list.push(summary);
  return summary;
}

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
  const credentials = CREDENTIALS.map((c) => ({ ...c }));
  window.__switchyardFiles = files;
  installDialogQueue();
  mockIPC((cmd, payload) => {
    const dialog = answerDialog(cmd, payload);
    if (dialog.handled) return dialog.value;
    const args = (payload ?? {}) as {
      path?: string; doc?: WorkflowDocument; folder?: string; id?: string; env?: string; credential?: NewCredential;
    };
    switch (cmd) {
      case COMMANDS.catalog: return nodes;
      case COMMANDS.templates: return entries;
      case COMMANDS.credentials: return credentials.map((c) => ({ ...c }));
      case COMMANDS.credentialTypes: return CREDENTIAL_TYPES;
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
  });
}
