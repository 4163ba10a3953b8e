// "Add credential": a form drawn per type from `credential_types`. Secrets are password inputs and
// the form clears once the back end has stored them: they are never shown again. OAuth types are
// connected with "Sign in with …" (the browser's consent fills in the refresh token).
import { useCallback, useState } from "react";
import { addCredential } from "../ipc";
import { describeError } from "../ipc/errors";
import type { CredentialEnv, CredentialField, CredentialSummary, CredentialType, SignInFinished } from "../ipc/types";
import {
  emptyForm, emptyValues, hasRefreshToken, signInService, toNewCredential, type CredentialForm as FormState,
} from "./form";
import { SignInWaiting } from "./SignInWaiting";
import { useSignIn } from "./useSignIn";

interface Props {
  types: CredentialType[];
  onSaved: (saved: CredentialSummary, env: CredentialEnv) => void;
  /** A sign-in stored the credential. */
  onSignedIn: (id: string) => void;
}

const ENVS: { id: CredentialEnv; label: string }[] = [
  { id: "production", label: "Production" },
  { id: "test", label: "Test" },
];

function FieldInput({ field, value, onChange }: {
  field: CredentialField;
  value: string | boolean;
  onChange: (v: string | boolean) => void;
}) {
  const label = (
    <span className="sy-creds__label">
      {field.name}{field.required && <span className="sy-required">*</span>}
      {field.secret && <span className="sy-creds__secret">secret</span>}
    </span>
  );
  if (field.kind === "flag") {
    return (
      <label className="sy-creds__check">
        <input type="checkbox" aria-label={field.name} checked={value === true} onChange={(e) => onChange(e.target.checked)} />
        {label}
      </label>
    );
  }
  const text = typeof value === "string" ? value : "";
  return (
    <label className="sy-creds__field">
      {label}
      {field.kind === "json" ? (
        <textarea className="sy-json" aria-label={field.name} rows={4} spellCheck={false} value={text}
          placeholder={field.secret ? "{ … } (stored in the keychain)" : "{ … }"} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input className="sy-input" aria-label={field.name} value={text}
          type={field.secret ? "password" : "text"} inputMode={field.kind === "port" ? "numeric" : undefined}
          autoComplete={field.secret ? "new-password" : "off"} spellCheck={false}
          placeholder={placeholderOf(field)}
          onChange={(e) => onChange(e.target.value)} />
      )}
    </label>
  );
}

/** The hint in an empty field: a port's usual value, or whether it may stay empty. */
function placeholderOf(field: { name: string; kind: string; required: boolean }): string {
  if (field.name === "redirect_port") return "8791 (optional)";
  if (field.kind === "port") return "587";
  return field.required ? "" : "optional";
}

export function CredentialForm({ types, onSaved, onSignedIn }: Props) {
  const [form, setForm] = useState<FormState>(() => emptyForm(types[0]));
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const type = types.find((t) => t.type === form.type) ?? types[0];
  const service = signInService(form.type);

  const signInFinished = useCallback((event: SignInFinished) => {
    if (event.ok) {
      // The tokens went to the keychain: the form starts over.
      setForm((f) => emptyForm(types.find((t) => t.type === f.type), f.env));
      setError(null);
      setResult(event.message);
      onSignedIn(event.id);
    } else {
      setError({ message: event.message });
    }
  }, [types, onSignedIn]);
  const signIn = useSignIn(signInFinished);
  const signingIn = signIn.state.phase !== "idle";

  const pickType = (name: string) => {
    const next = types.find((t) => t.type === name);
    setForm((f) => ({ ...f, type: name, values: emptyValues(next) }));
    setError(null);
    setResult(null);
  };

  const startSignIn = () => {
    const read = toNewCredential(form, type);
    if (!read.ok) {
      setError({ field: read.field, message: read.message });
      return;
    }
    setError(null);
    setResult(null);
    void signIn.start(read.credential);
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const read = toNewCredential(form, type);
    if (!read.ok) {
      setError({ field: read.field, message: read.message });
      return;
    }
    setBusy(true);
    setResult(null);
    try {
      const saved = await addCredential(read.credential);
      // The secret leaves the page: the form starts over.
      setForm(emptyForm(type, form.env));
      setError(null);
      onSaved(saved, form.env);
    } catch (err) {
      setError({ message: describeError(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="sy-creds__form" aria-label="Add credential" onSubmit={(e) => void submit(e)} autoComplete="off">
      <h3>Add credential</h3>
      <label className="sy-creds__field">
        <span className="sy-creds__label">Type</span>
        <select className="sy-input" aria-label="Credential type" value={form.type} onChange={(e) => pickType(e.target.value)}>
          {types.map((t) => <option key={t.type} value={t.type}>{t.type}</option>)}
        </select>
      </label>
      <div className="sy-creds__row">
        <label className="sy-creds__field">
          <span className="sy-creds__label">Id<span className="sy-required">*</span></span>
          <input className="sy-input sy-mono" aria-label="Credential id" placeholder="hubspot-main" value={form.id} spellCheck={false}
            onChange={(e) => setForm((f) => ({ ...f, id: e.target.value }))} />
        </label>
        <label className="sy-creds__field">
          <span className="sy-creds__label">Label</span>
          <input className="sy-input" aria-label="Label" placeholder="optional" value={form.label}
            onChange={(e) => setForm((f) => ({ ...f, label: e.target.value }))} />
        </label>
      </div>
      <div className="sy-creds__field">
        <span className="sy-creds__label">Environment</span>
        <div className="sy-creds__envs" role="radiogroup" aria-label="Environment">
          {ENVS.map((env) => (
            <label key={env.id} className={`sy-creds__env${form.env === env.id ? " is-on" : ""}`}>
              <input type="radio" name="credential-env" value={env.id} checked={form.env === env.id}
                onChange={() => setForm((f) => ({ ...f, env: env.id }))} />
              {env.label}
            </label>
          ))}
        </div>
        <span className="sy-creds__hint">Test runs use the test secret when there is one; active workflows only the production one.</span>
      </div>
      <fieldset className="sy-creds__fields">
        <legend>{type?.type ?? "fields"}</legend>
        {(type?.fields ?? []).map((field) => (
          <div key={field.name} className={error?.field === field.name ? "has-problem" : undefined}>
            <FieldInput field={field} value={form.values[field.name] ?? ""}
              onChange={(v) => setForm((f) => ({ ...f, values: { ...f.values, [field.name]: v } }))} />
          </div>
        ))}
      </fieldset>
      {error && <div className="sy-creds__error" role="alert" data-testid="credential-error">{error.message}</div>}
      {result && <div className="sy-creds__notice" role="status" data-testid="sign-in-result">{result}</div>}
      {signIn.state.phase === "waiting" && service ? (
        <SignInWaiting started={signIn.state.started} service={service} onCancel={() => void signIn.cancel()} />
      ) : (
        <div className="sy-creds__actions">
          <span className="sy-creds__hint">Secrets go to the OS keychain and are never shown again.</span>
          {service ? (
            <span className="sy-creds__buttons">
              <button type="submit" className="sy-btn" disabled={busy || signingIn || !hasRefreshToken(form)}
                title="Saving without signing in needs a refresh token">Save credential</button>
              <button type="button" className="sy-btn sy-btn--primary" disabled={busy || signingIn} onClick={startSignIn}>
                {signingIn ? "Starting…" : `Sign in with ${service}`}
              </button>
            </span>
          ) : (
            <button type="submit" className="sy-btn sy-btn--primary" disabled={busy || !type}>Save credential</button>
          )}
        </div>
      )}
    </form>
  );
}
