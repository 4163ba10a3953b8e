// The node's settings: error policy, credential and params, drawn from its JSON Schema.
import { useMemo } from "react";
import type { NodeDescription, NodeDocument, OnError } from "../ipc/types";
import { useWorkflow } from "../store/workflow";
import { CredentialPicker } from "./CredentialPicker";
import { IdField } from "./IdField";
import { SchemaForm } from "./SchemaForm";

export function NodeSettings({ node, desc }: { node: NodeDocument; desc: NodeDescription | undefined }) {
  const allProblems = useWorkflow((s) => s.problems);
  const setParams = useWorkflow((s) => s.setParams);
  const patchNode = useWorkflow((s) => s.patchNode);
  const problems = useMemo(() => new Map(allProblems.filter((p) => p.node === node.id && p.field)
    .map((p) => [p.field as string, p.message])), [allProblems, node.id]);
  return (
    <>
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
    </>
  );
}
