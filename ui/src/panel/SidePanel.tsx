// The selected node: its settings and, from the run shown, its input, output and attempts. A
// recorded run shows only what it did. A key dragged from the Input table over the Settings tab
// opens it, so the key can be dropped into a field.
import { useState } from "react";
import { colorOf, glyphOf } from "../canvas/kind";
import { useCatalog } from "../store/catalog";
import { useReadOnly, useShownDoc } from "../store/shown";
import { useWorkflow } from "../store/workflow";
import { carriesKey } from "./dragExpression";
import { Inspector, type InspectorTab } from "./Inspector";
import { NodeSettings } from "./NodeSettings";
import { TestEventPanel } from "./TestEventPanel";

type Tab = "settings" | InspectorTab;

/** The trigger that can listen for a test event. */
const WEBHOOK_TRIGGER = "trigger.webhook";

const TABS: { id: Tab; label: string }[] = [
  { id: "settings", label: "Settings" },
  { id: "input", label: "Input" },
  { id: "output", label: "Output" },
  { id: "details", label: "Attempts" },
];

export function SidePanel() {
  const selectedId = useWorkflow((s) => (s.selection.nodes.length === 1 ? s.selection.nodes[0] : undefined));
  const readOnly = useReadOnly();
  const node = useShownDoc().nodes.find((n) => n.id === selectedId);
  const desc = useCatalog((s) => (node ? s.byType.get(node.type) : undefined));
  const patchNode = useWorkflow((s) => s.patchNode);
  const [chosen, setTab] = useState<Tab>("settings");
  const tab = readOnly && chosen === "settings" ? "output" : chosen;
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
          <input className="sy-panel__name" aria-label="Node name" value={node.name ?? ""} readOnly={readOnly}
            onChange={(e) => patchNode(node.id, { name: e.target.value })} />
          <div className="sy-muted">{desc?.label ?? node.type} · <code>{node.type}</code></div>
        </div>
      </header>
      {node.type === WEBHOOK_TRIGGER && !readOnly && <TestEventPanel nodeId={node.id} />}
      <div className="sy-tabs sy-panel__tabs" role="tablist">
        {TABS.filter((t) => !(readOnly && t.id === "settings")).map((t) => (
          <button key={t.id} role="tab" aria-selected={tab === t.id} className={`sy-tab${tab === t.id ? " is-on" : ""}`}
            onClick={() => setTab(t.id)}
            onDragEnter={(e) => { if (t.id === "settings" && carriesKey(e)) setTab("settings"); }}>{t.label}</button>
        ))}
      </div>
      {tab === "settings" ? <NodeSettings node={node} desc={desc} /> : <Inspector nodeId={node.id} tab={tab} />}
    </aside>
  );
}
