// A host in the page, for the browser build (`vite build --mode e2e`) and `vite dev` outside
// Tauri: the real catalog and templates (fixtures generated from the engine), files kept in memory.
import { mockIPC } from "@tauri-apps/api/mocks";
import catalog from "../../e2e/fixtures/catalog.json";
import templates from "../../e2e/fixtures/templates.json";
import { writeDocument } from "../doc/canonical";
import { validateDocument } from "../doc/validate";
import { COMMANDS } from "./index";
import type { CredentialSummary, NodeDescription, TemplateEntry, WorkflowDocument } from "./types";

const CREDENTIALS: CredentialSummary[] = [
  { id: "hubspot-main", type: "hubspot.private_app" },
  { id: "hubspot-sandbox", type: "hubspot.oauth" },
  { id: "crm-token", type: "http.bearer" },
];

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
  window.__switchyardFiles = files;
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as { path?: string; doc?: WorkflowDocument };
    switch (cmd) {
      case COMMANDS.catalog: return nodes;
      case COMMANDS.templates: return entries;
      case COMMANDS.credentials: return CREDENTIALS;
      case COMMANDS.validate: return validateDocument(args.doc as WorkflowDocument, nodes);
      case COMMANDS.open: {
        const text = files.get(args.path ?? "");
        if (text === undefined) throw new Error(`no such file: ${args.path ?? ""}`);
        return JSON.parse(text) as WorkflowDocument;
      }
      case COMMANDS.save: {
        const text = writeDocument(args.doc as WorkflowDocument);
        files.set(args.path ?? "untitled.flow.json", text);
        return text;
      }
      default: throw new Error(`unknown command ${cmd}`);
    }
  });
}
