// The mock host's credentials (see mock.ts): a few of the back end's types, `add_credential`'s
// checks, Rename, and a sign-in that "comes back from the browser" a moment after it starts.
import { emit } from "@tauri-apps/api/event";
import { SIGN_IN_FINISHED } from "./signIn";
import type { CommandError, CredentialSummary, CredentialType, NewCredential, SignInFinished, SignInStarted } from "./types";

/** How long the pretend browser takes to come back. */
const SIGN_IN_DELAY_MS = 400;
const SIGN_IN_SERVICES: Record<string, string> = { "hubspot.oauth": "HubSpot", "google.oauth": "Google" };

export const MOCK_CREDENTIALS: CredentialSummary[] = [
  { id: "hubspot-main", type: "hubspot.private_app" },
  { id: "hubspot-sandbox", type: "hubspot.oauth" },
  { id: "crm-token", type: "http.bearer" },
  { id: "smtp-main", type: "smtp" },
];

const text = (name: string, required = false, secret = false) => ({ name, required, secret, kind: "text" as const });
const BASE_URL = text("base_url");

/** A few of the back end's credential types (crates/host credentials::types). */
export const MOCK_CREDENTIAL_TYPES: CredentialType[] = [
  { type: "hubspot.private_app", fields: [text("token", true, true), BASE_URL] },
  { type: "hubspot.oauth", fields: [
    text("client_id", true), text("client_secret", true, true), text("refresh_token", false, true),
    { name: "redirect_port", required: false, secret: false, kind: "port" }, text("scope"), text("auth_url"), BASE_URL,
  ] },
  { type: "smtp", fields: [
    text("host", true), { name: "port", required: true, secret: false, kind: "port" }, text("username", true),
    text("password", true, true), { name: "tls", required: false, secret: false, kind: "flag" },
  ] },
  { type: "http.bearer", fields: [text("token", true, true), BASE_URL] },
  { type: "google.oauth", fields: [
    text("client_id", true), text("client_secret", true, true), text("refresh_token", false, true), text("token_url"), text("auth_url"), BASE_URL,
  ] },
  { type: "google.service_account", fields: [{ name: "key", required: true, secret: true, kind: "json" }] },
];

export function failure(kind: CommandError["kind"], message: string): CommandError {
  return { kind, message, problems: [] };
}

/** The back end's checks on the id, the type and the required fields. */
function check(c: NewCredential): void {
  if (!/^[A-Za-z0-9._-]+$/.test(c.id)) {
    throw failure("bad_request", `credential id "${c.id}" is not valid: use letters, digits, '-', '_' and '.'`);
  }
  const type = MOCK_CREDENTIAL_TYPES.find((t) => t.type === c.type);
  if (!type) throw failure("bad_request", `unknown credential type "${c.type}"`);
  const required = type.fields.filter((f) => f.required).map((f) => f.name);
  const missing = required.filter((name) => c.fields[name] === undefined || c.fields[name] === "");
  if (missing.length > 0) {
    throw failure("bad_request", `a ${c.type} credential needs ${required.join(", ")}: missing ${missing.join(", ")}`);
  }
}

function store(list: CredentialSummary[], c: NewCredential): CredentialSummary {
  const summary: CredentialSummary = c.label ? { id: c.id, type: c.type, label: c.label } : { id: c.id, type: c.type };
  const at = list.findIndex((x) => x.id === c.id);
  if (at >= 0) list[at] = summary;
  else list.push(summary);
  return summary;
}

/** `add_credential` in memory. */
export function addMockCredential(list: CredentialSummary[], c: NewCredential): CredentialSummary {
  check(c);
  if (SIGN_IN_SERVICES[c.type] && !c.fields.refresh_token) {
    throw failure("bad_request", `a ${c.type} credential gets its refresh token by signing in: press "Sign in with ${SIGN_IN_SERVICES[c.type]}"`);
  }
  return store(list, c);
}

/** `rename_credential` in memory: an empty label takes it away. */
export function renameMockCredential(list: CredentialSummary[], id: string, label: string): CredentialSummary {
  const at = list.findIndex((c) => c.id === id);
  const found = list[at];
  if (!found) throw failure("not_found", `there is no credential "${id}"`);
  const renamed: CredentialSummary = label.trim() ? { id, type: found.type, label: label.trim() } : { id, type: found.type };
  list[at] = renamed;
  return renamed;
}

const pendingSignIns = new Map<string, ReturnType<typeof setTimeout>>();

function finish(event: SignInFinished): void {
  pendingSignIns.delete(event.id);
  void emit(SIGN_IN_FINISHED, event);
}

/** `start_sign_in` in memory: answers a pretend consent page, then stores the credential. */
export function startMockSignIn(list: CredentialSummary[], c: NewCredential): SignInStarted {
  check(c);
  const service = SIGN_IN_SERVICES[c.type];
  if (!service) throw failure("bad_request", `a ${c.type} credential is not connected by signing in; fill in its fields and save it`);
  clearTimeout(pendingSignIns.get(c.id));
  pendingSignIns.set(c.id, setTimeout(() => {
    store(list, c);
    finish({ id: c.id, ok: true, message: `Signed in: ${c.id} is connected to ${service}.` });
  }, SIGN_IN_DELAY_MS));
  const redirect = "http://localhost:8791/";
  return {
    id: c.id,
    authorization_url: `https://example.com/oauth/authorize?client_id=${encodeURIComponent(String(c.fields.client_id))}&redirect_uri=${encodeURIComponent(redirect)}`,
    redirect_uri: redirect,
    browser_opened: false,
  };
}

/** `cancel_sign_in` in memory. */
export function cancelMockSignIn(id: string): boolean {
  const timer = pendingSignIns.get(id);
  if (timer === undefined) return false;
  clearTimeout(timer);
  finish({ id, ok: false, message: `The sign-in for ${id} was cancelled.` });
  return true;
}
