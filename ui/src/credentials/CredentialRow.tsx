// One stored credential in the list: id, type and label, with Test (per environment), Rename
// (the label only) and Delete.
import { useState } from "react";
import { removeCredential, testCredential } from "../ipc";
import { askYesNo } from "../ipc/dialogs";
import { describeError } from "../ipc/errors";
import type { CredentialEnv, CredentialSummary, CredentialTest } from "../ipc/types";
import { lineTone } from "./form";
import { RenameLabel } from "./RenameLabel";

type Verdict = { busy: true } | { busy: false; test?: CredentialTest; error?: string };

function VerdictLines({ verdict }: { verdict: Verdict }) {
  if (verdict.busy) return <div className="sy-creds__verdict sy-muted">Testing…</div>;
  return (
    <ul className="sy-creds__verdict" data-testid="credential-verdict">
      {verdict.error && <li className="is-failed">{verdict.error}</li>}
      {verdict.test?.lines.map((line, i) => <li key={i} className={`is-${lineTone(line)}`}>{line}</li>)}
    </ul>
  );
}

export function CredentialRow({ credential, onDeleted, onRenamed, onError }: {
  credential: CredentialSummary;
  onDeleted: () => void;
  onRenamed: (renamed: CredentialSummary) => void;
  onError: (message: string) => void;
}) {
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [renaming, setRenaming] = useState(false);
  const [env, setEnv] = useState<CredentialEnv>("production");
  const test = async () => {
    setVerdict({ busy: true });
    try {
      setVerdict({ busy: false, test: await testCredential(credential.id, env) });
    } catch (e) {
      setVerdict({ busy: false, error: describeError(e) });
    }
  };
  const remove = async () => {
    const yes = await askYesNo(`Delete the credential "${credential.id}"? Its production and test secrets are removed from the keychain, and nodes that name it stop working.`);
    if (!yes) return;
    try {
      await removeCredential(credential.id);
      onDeleted();
    } catch (e) {
      onError(describeError(e));
    }
  };
  const ok = verdict && !verdict.busy ? (verdict.test?.ok ?? false) : null;
  return (
    <li className="sy-creds__item" data-testid={`credential-${credential.id}`}>
      <div className="sy-creds__item-head">
        <span className={`sy-creds__dot${ok === true ? " is-ok" : ok === false ? " is-failed" : ""}`} />
        <div className="sy-creds__item-text">
          <span className="sy-mono sy-creds__id">{credential.id}</span>
          <span className="sy-muted">{credential.type}{credential.label ? ` · ${credential.label}` : ""}</span>
        </div>
        <select className="sy-input sy-creds__env-pick" aria-label={`Test ${credential.id} with`} value={env}
          onChange={(e) => setEnv(e.target.value as CredentialEnv)}>
          <option value="production">production</option>
          <option value="test">test</option>
        </select>
        <button className="sy-btn" onClick={() => void test()} disabled={verdict?.busy === true}>Test</button>
        <button className="sy-btn" onClick={() => setRenaming(true)} disabled={renaming}>Rename</button>
        <button className="sy-btn sy-creds__delete" onClick={() => void remove()}>Delete</button>
      </div>
      {renaming && <RenameLabel credential={credential} onRenamed={onRenamed} onDone={() => setRenaming(false)} />}
      {verdict && <VerdictLines verdict={verdict} />}
    </li>
  );
}
