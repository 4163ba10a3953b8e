// The credentials screen: the stored credentials (id, type, label — never a secret), adding one
// (or signing in), testing, renaming and deleting each, and today's API usage per credential.
import { useCallback, useEffect, useState } from "react";
import { listCredentials, listCredentialTypes, usageToday } from "../ipc";
import { describeError } from "../ipc/errors";
import type { CredentialType, UsageDay } from "../ipc/types";
import { useCatalog } from "../store/catalog";
import { CredentialForm } from "./CredentialForm";
import { CredentialRow } from "./CredentialRow";
import { KeyIcon } from "./KeyIcon";
import { useCredentialsUi, type CredentialsTab } from "./store";
import { UsageView } from "./UsageView";

const TABS: { id: CredentialsTab; label: string }[] = [
  { id: "list", label: "Credentials" },
  { id: "usage", label: "Usage" },
];

export function CredentialsScreen() {
  const open = useCredentialsUi((s) => s.open);
  const tab = useCredentialsUi((s) => s.tab);
  const setTab = useCredentialsUi((s) => s.setTab);
  const close = useCredentialsUi((s) => s.close);
  const credentials = useCatalog((s) => s.credentials);
  const [types, setTypes] = useState<CredentialType[]>([]);
  const [usage, setUsage] = useState<UsageDay[] | null>(null);
  const [usageError, setUsageError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      useCatalog.getState().setCredentials(await listCredentials());
    } catch (e) {
      setProblem(describeError(e));
    }
  }, []);
  const onSignedIn = useCallback(() => {
    setProblem(null);
    void refresh();
  }, [refresh]);
  const loadUsage = useCallback(async () => {
    setUsageError(null);
    try {
      setUsage(await usageToday());
    } catch (e) {
      setUsage([]);
      setUsageError(describeError(e));
    }
  }, []);

  useEffect(() => {
    if (!open) return;
    setProblem(null);
    setNotice(null);
    void refresh();
    listCredentialTypes().then(setTypes).catch((e: unknown) => setProblem(describeError(e)));
  }, [open, refresh]);
  useEffect(() => {
    if (open && tab === "usage") void loadUsage();
  }, [open, tab, loadUsage]);

  if (!open) return null;
  return (
    <div className="sy-overlay sy-creds-overlay" onClick={close} onKeyDown={(e) => {
      // Keys typed here are not the canvas's shortcuts (Delete, Tab, …); Escape closes.
      if (e.key === "Escape") close();
      if (!e.ctrlKey && !e.metaKey) e.stopPropagation();
    }}>
      <div className="sy-creds" role="dialog" aria-modal="true" aria-label="Credentials" onClick={(e) => e.stopPropagation()}>
        <header className="sy-creds__head">
          <h2><KeyIcon size={18} /> Credentials</h2>
          <div className="sy-tabs sy-creds__tabs" role="tablist">
            {TABS.map((t) => (
              <button key={t.id} role="tab" aria-selected={tab === t.id} className={`sy-tab${tab === t.id ? " is-on" : ""}`}
                onClick={() => setTab(t.id)}>{t.label}</button>
            ))}
          </div>
          <button className="sy-btn sy-btn--ghost" aria-label="Close credentials" title="Close (Esc)" onClick={close}>✕</button>
        </header>
        {tab === "list" ? (
          <div className="sy-creds__body">
            <section className="sy-creds__list-pane">
              <h3>Stored credentials <span className="sy-muted">({credentials.length})</span></h3>
              {problem && <div className="sy-creds__error" role="alert">{problem}</div>}
              {notice && <div className="sy-creds__notice" role="status">{notice}</div>}
              {credentials.length === 0 ? (
                <div className="sy-creds__empty" data-testid="credentials-empty">
                  <strong>No credentials yet.</strong>
                  <span>Add one with the form: HubSpot private apps, SMTP, bearer tokens, Google…</span>
                </div>
              ) : (
                <ul className="sy-creds__list" data-testid="credentials-list">
                  {credentials.map((c) => (
                    <CredentialRow key={c.id} credential={c} onError={setProblem} onRenamed={() => void refresh()}
                      onDeleted={() => {
                        setNotice(`Deleted ${c.id}.`);
                        void refresh();
                      }} />
                  ))}
                </ul>
              )}
            </section>
            <section className="sy-creds__form-pane">
              {types.length > 0 ? (
                <CredentialForm types={types} onSaved={(saved, env) => {
                  setProblem(null);
                  setNotice(`Saved ${saved.id} (${saved.type}, ${env} secret).`);
                  void refresh();
                }} onSignedIn={onSignedIn} />
              ) : <p className="sy-muted">Loading the credential types…</p>}
            </section>
          </div>
        ) : (
          <UsageView usage={usage} credentials={credentials} error={usageError} onRefresh={() => void loadUsage()} />
        )}
      </div>
    </div>
  );
}
