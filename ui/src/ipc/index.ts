// The UI's only door to the host's commands: every call goes through Tauri `invoke`.
import { invoke } from "@tauri-apps/api/core";
import type {
  CredentialEnv, CredentialSummary, CredentialTest, CredentialType, NewCredential, NodeDescription, UsageDay, TemplateEntry, ValidationReport, WorkflowDocument, Workspace,
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
  credentialTypes: "credential_types",
  addCredential: "add_credential",
  testCredential: "test_credential",
  removeCredential: "remove_credential",
  usageToday: "usage_today",
  renameCredential: "rename_credential",
  startSignIn: "start_sign_in",
  cancelSignIn: "cancel_sign_in",
  listenForTestEvent: "listen_for_test_event",
  stopTestListen: "stop_test_listen",
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

/** The credential types and the fields of their forms. */
export function listCredentialTypes(): Promise<CredentialType[]> {
  return invoke<CredentialType[]>(COMMANDS.credentialTypes);
}

/** Stores a credential (its secret goes to the OS keychain); rejects with the field at fault. */
export function addCredential(credential: NewCredential): Promise<CredentialSummary> {
  return invoke<CredentialSummary>(COMMANDS.addCredential, { credential });
}

/** Resolves the credential's secret for `env` and checks it (HubSpot ones against HubSpot). */
export function testCredential(id: string, env?: CredentialEnv): Promise<CredentialTest> {
  return invoke<CredentialTest>(COMMANDS.testCredential, env ? { id, env } : { id });
}

/** Removes the credential and its secrets; resolves to whether it existed. */
export function removeCredential(id: string): Promise<boolean> {
  return invoke<boolean>(COMMANDS.removeCredential, { id });
}

/** Sets the credential's label (empty takes it away); its id, which workflows name, stays. */
export function renameCredential(id: string, label: string): Promise<CredentialSummary> {
  return invoke<CredentialSummary>(COMMANDS.renameCredential, { id, label });
}

/** Today's API usage per credential. */
export function usageToday(): Promise<UsageDay[]> {
  return invoke<UsageDay[]>(COMMANDS.usageToday);
}
