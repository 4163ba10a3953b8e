// The selected node's settings: name, id, error policy, credential and params.
import { useMemo } from "react";
import type { OnError } from "../ipc/types";
import { colorOf, glyphOf } from "../canvas/kind";
import { useCatalog } from "../store/catalog";
import { useWorkflow } from "../store/workflow";
import { CredentialPicker } from "./CredentialPicker";
import { IdField } from "./IdField";
import { SchemaForm } from "./SchemaForm";

export function SidePanel() {
  const selectedId = useWorkflow((s) => (s.selection.nodes.length === 1 ? s.selection.nodes[0] : undefined));
  const node = useWorkflow((s) => s.doc.nodes.find((n) => n.id === selectedId));
  const allProblems = useWorkflow((s) => s.problems);
  const desc = useCatalog((s) => (node ? s.byType.get(node.type) : undefined));
  const setParams = useWorkflow((s) => s.setParams);
  const patchNode = useWorkflow((s) => s.patchNode);
  const problems = useMemo(() => new Map(allProblems.filter((p) => p.node === node?.id && p.field)
    .map((p) => [p.field as string, p.message])), [allProblems, node?.id]);
  if (!node) {
    return (
      <aside className="sy-panel sy-panel--empty" aria-label="Settings">
        <p>Select a node to edit its settings.</p>
        <p className="sy-muted">Drag nodes from the left, double-click the canvas or press Tab to add one. Press ? for shortcuts.</p>
      </aside>
    );
  }
  return (
    <aside className="sy-panel" aria-label="Settings" data-testid="side-panel">
      <header className="sy-panel__head">
        <span className="sy-palette__icon" style={{ background: colorOf(desc) }}>{glyphOf(node.type)}</span>
        <div>
          <input className="sy-panel__name" aria-label="Node name" value={node.name ?? ""}
            onChange={(e) => patchNode(node.id, { name: e.target.value })} />
          <div className="sy-muted">{desc?.label ?? node.type} · <code>{node.type}</code></div>
        </div>
      </header>
      {desc && <p className="sy-panel__desc">{desc.description}</p>}
      <section className="sy-panel__section">
        <IdField id={node.id} />
        {desc?.group !== "trigger" && (
          <div className="sy-field">
            <div className="sy-field__label">On error</div>
            <select className="sy-input" aria-label="On error" value={node.on_error ?? "stop"}
              onChange={(e) => patchNode(node.id, { on_error: e.target.value === "stop" ? undefined : (e.target.value as OnError) })}>
              <option value="stop">Stop the run</option>
              <option value="continue">Continue without the failed items</option>
              <option value="error_port">Send failed items to the error port</option>
            </select>
          </div>
        )}
        {desc && desc.credential_types.length > 0 && <CredentialPicker node={node} desc={desc} problem={problems.get("credential")} />}
      </section>
      <section className="sy-panel__section">
        <h4>Parameters</h4>
        {desc ? (
          <SchemaForm key={node.id} schema={desc.params_schema} value={node.params ?? {}} problems={problems}
            nodeType={node.type} onChange={(params) => setParams(node.id, params)} />
        ) : <p className="sy-muted">Unknown node type.</p>}
      </section>
    </aside>
  );
}
