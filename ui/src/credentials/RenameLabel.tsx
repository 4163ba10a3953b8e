// Inline editing of a credential's label: Enter or Save keeps it, Escape or Cancel leaves it.
// Only the label changes; the id stays, since workflows name the credential by it.
import { useState } from "react";
import { renameCredential } from "../ipc";
import { describeError } from "../ipc/errors";
import type { CredentialSummary } from "../ipc/types";

export function RenameLabel({ credential, onDone, onRenamed }: {
  credential: CredentialSummary;
  onDone: () => void;
  onRenamed: (renamed: CredentialSummary) => void;
}) {
  const [label, setLabel] = useState(credential.label ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    try {
      onRenamed(await renameCredential(credential.id, label.trim()));
      onDone();
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };
  return (
    <div className="sy-creds__rename">
      <input className="sy-input" aria-label={`Label of ${credential.id}`} value={label} placeholder="no label" autoFocus
        disabled={busy} onChange={(e) => setLabel(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") { e.preventDefault(); void save(); }
          if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); onDone(); }
        }} />
      <button className="sy-btn sy-btn--primary" disabled={busy} onClick={() => void save()}>Save</button>
      <button className="sy-btn" disabled={busy} onClick={onDone}>Cancel</button>
      {error && <div className="sy-creds__error" role="alert">{error}</div>}
    </div>
  );
}
