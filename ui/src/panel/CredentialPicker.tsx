// Picks a stored credential of a type the node accepts.
import type { NodeDescription, NodeDocument } from "../ipc/types";
import { useCatalog } from "../store/catalog";
import { useWorkflow } from "../store/workflow";

interface Props {
  node: NodeDocument;
  desc: NodeDescription;
  problem?: string;
}

export function CredentialPicker({ node, desc, problem }: Props) {
  const all = useCatalog((s) => s.credentials);
  const patchNode = useWorkflow((s) => s.patchNode);
  const usable = all.filter((c) => desc.credential_types.includes(c.type));
  const known = node.credential === undefined || usable.some((c) => c.id === node.credential);
  return (
    <div className={`sy-field${problem ? " has-problem" : ""}`}>
      <div className="sy-field__label">Credential{desc.credential_required && <span className="sy-required">*</span>}</div>
      <select className="sy-input" aria-label="Credential" value={node.credential ?? ""}
        onChange={(e) => patchNode(node.id, { credential: e.target.value === "" ? undefined : e.target.value })}>
        <option value="">— none —</option>
        {!known && <option value={node.credential}>{node.credential} (not stored here)</option>}
        {usable.map((c) => <option key={c.id} value={c.id}>{c.id} · {c.type}</option>)}
      </select>
      {problem ? <div className="sy-field__error">{problem}</div>
        : <div className="sy-field__help">Accepts {desc.credential_types.join(", ")}.</div>}
    </div>
  );
}
