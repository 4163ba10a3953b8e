// Pure helpers of the credentials screen: the form's values → the back end's NewCredential, and
// the usage view's numbers (error rate against the 5 % line, the daily quota left).
import type { CredentialEnv, CredentialField, CredentialType, JsonValue, NewCredential, UsageDay } from "../ipc/types";

/** What the form holds: text for text/port/json fields, a boolean for flags. */
export type FormValues = Record<string, string | boolean>;

export interface CredentialForm {
  id: string;
  type: string;
  label: string;
  env: CredentialEnv;
  values: FormValues;
}

/** The outcome of reading the form: the credential, or the field at fault and why. */
export type FormResult = { ok: true; credential: NewCredential } | { ok: false; field: string; message: string };

/** The credential types connected by signing in through the browser, and the service's name. */
const SIGN_IN_SERVICES: Record<string, string> = {
  "hubspot.oauth": "HubSpot",
  "google.oauth": "Google",
};

/** The port field where 0 means "any free port" (the sign-in's loopback redirect). */
const ANY_PORT_FIELD = "redirect_port";

/** The error rate above which the usage view (and `switchyard usage`) warns. */
export const ERROR_RATE_LIMIT = 0.05;

/** An empty value per field of the type (flags off). */
export function emptyValues(type: CredentialType | undefined): FormValues {
  const values: FormValues = {};
  for (const f of type?.fields ?? []) values[f.name] = f.kind === "flag" ? false : "";
  return values;
}

export function emptyForm(type: CredentialType | undefined, env: CredentialEnv = "production"): CredentialForm {
  return { id: "", type: type?.type ?? "", label: "", env, values: emptyValues(type) };
}

function fieldValue(field: CredentialField, raw: string | boolean | undefined): { value?: JsonValue; error?: string } {
  if (field.kind === "flag") return { value: raw === true };
  const text = typeof raw === "string" ? raw.trim() : "";
  // Left empty: not sent, so the back end names a missing required field itself.
  if (text === "") return {};
  if (field.kind === "port") {
    const lowest = field.name === ANY_PORT_FIELD ? 0 : 1;
    const port = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(port) || port < lowest || port > 65535) {
      return { error: `${field.name}: must be a whole number from ${lowest} to 65535` };
    }
    return { value: port };
  }
  if (field.kind === "json") {
    try {
      return { value: JSON.parse(text) as JsonValue };
    } catch (e) {
      return { error: `${field.name}: not valid JSON (${e instanceof Error ? e.message : String(e)})` };
    }
  }
  return { value: text };
}

/** The form as `add_credential` takes it: ports as numbers, flags as booleans, JSON parsed. */
export function toNewCredential(form: CredentialForm, type: CredentialType | undefined): FormResult {
  const fields: Record<string, JsonValue> = {};
  for (const field of type?.fields ?? []) {
    const { value, error } = fieldValue(field, form.values[field.name]);
    if (error !== undefined) return { ok: false, field: field.name, message: error };
    if (value !== undefined) fields[field.name] = value;
  }
  const credential: NewCredential = { id: form.id.trim(), type: form.type, env: form.env, fields };
  const label = form.label.trim();
  if (label !== "") credential.label = label;
  return { ok: true, credential };
}

/** "HubSpot" / "Google" for the types connected by signing in, else undefined. */
export function signInService(type: string): string | undefined {
  return SIGN_IN_SERVICES[type];
}

/** Whether a refresh token was pasted, so the form can be saved without signing in. */
export function hasRefreshToken(form: CredentialForm): boolean {
  const token = form.values.refresh_token;
  return typeof token === "string" && token.trim() !== "";
}

/** A verdict line's tone: the back end starts them with "ok" or "FAILED". */
export function lineTone(line: string): "ok" | "failed" | "info" {
  if (/^ok\b/.test(line)) return "ok";
  if (/^(FAILED|failed|error)\b/.test(line)) return "failed";
  return "info";
}

/** u64 counters arrive as JSON numbers (typed bigint by ts-rs). */
export function count(v: bigint | number | null | undefined): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/** `0.0123` → "1.2 %"; whole percentages without decimals. */
export function formatRate(rate: number): string {
  const pct = rate * 100;
  if (pct === 0) return "0 %";
  if (pct >= 10 || Number.isInteger(pct)) return `${Math.round(pct)} %`;
  return `${pct < 0.1 ? pct.toFixed(2) : pct.toFixed(1)} %`;
}

export function overLimit(rate: number): boolean {
  return rate > ERROR_RATE_LIMIT;
}

/** The bar's scale: 20 % by default (the 5 % line at a quarter), wider when the rate is higher. */
export function barScale(rate: number): number {
  return Math.max(0.2, Math.min(1, rate * 1.25));
}

/** "480,000 of 500,000 left (96 %)", or null when HubSpot has not announced a daily quota. */
export function quotaText(day: Pick<UsageDay, "daily_limit" | "daily_remaining">): string | null {
  const limit = count(day.daily_limit);
  const left = count(day.daily_remaining);
  if (limit === null || left === null || limit <= 0) return null;
  // Rounded down: "100 %" only while nothing has been used.
  const pct = Math.floor((left / limit) * 100);
  return `${left.toLocaleString("en-US")} of ${limit.toLocaleString("en-US")} left (${pct} %)`;
}
