// The UI's only door to the host's commands: every call goes through Tauri `invoke`.
import { invoke } from "@tauri-apps/api/core";
import type {
  CredentialSummary, NodeDescription, TemplateEntry, ValidationReport, WorkflowDocument, Workspace,
} from "./types";

/** Command names shared with the Tauri shell (src-tauri). */
export const COMMANDS = {
  open: "open_workflow",
  save: "save_workflow",
  validate: "validate_workflow",
  catalog: "list_catalog",
  templates: "list_templates",
  credentials: "list_credentials",
  workspace: "get_workspace",
  setWorkspace: "set_workspace",
  startRun: "start_run",
  cancelRun: "cancel_run",
  listRuns: "list_runs",
  searchRuns: "search_runs",
  getRun: "get_run",
  rerun: "rerun",
  replayRun: "replay_run",
} as const;

export function openWorkflow(path: string): Promise<WorkflowDocument> {
  return invoke<WorkflowDocument>(COMMANDS.open, { path });
}

/** Saves in the canonical form; resolves to the text written. */
export function saveWorkflow(path: string, doc: WorkflowDocument): Promise<string> {
  return invoke<string>(COMMANDS.save, { path, doc });
}

export function validateWorkflow(doc: WorkflowDocument): Promise<ValidationReport> {
  return invoke<ValidationReport>(COMMANDS.validate, { doc });
}

export function listCatalog(): Promise<NodeDescription[]> {
  return invoke<NodeDescription[]>(COMMANDS.catalog);
}

export function listTemplates(): Promise<TemplateEntry[]> {
  return invoke<TemplateEntry[]>(COMMANDS.templates);
}

export function listCredentials(): Promise<CredentialSummary[]> {
  return invoke<CredentialSummary[]>(COMMANDS.credentials);
}

/** The workspace folder and its workflows. */
export function getWorkspace(): Promise<Workspace> {
  return invoke<Workspace>(COMMANDS.workspace);
}

/** Switches to another folder (the host remembers it); resolves to its listing. */
export function setWorkspace(folder: string): Promise<Workspace> {
  return invoke<Workspace>(COMMANDS.setWorkspace, { folder });
}
