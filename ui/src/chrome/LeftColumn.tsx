// The left column: the node palette, the workspace's workflows or the run history, one tab each.
import { WorkspacePanel } from "../files/WorkspacePanel";
import { Palette } from "../palette/Palette";
import { RunsPanel } from "../runs/RunsPanel";
import { useUi, type LeftTab } from "../store/ui";

const TABS: { id: LeftTab; label: string }[] = [
  { id: "nodes", label: "Nodes" },
  { id: "workflows", label: "Workflows" },
  { id: "runs", label: "Runs" },
];

const PANELS: Record<LeftTab, () => React.JSX.Element> = { nodes: Palette, workflows: WorkspacePanel, runs: RunsPanel };

export function LeftColumn() {
  const tab = useUi((s) => s.leftTab);
  const setTab = useUi((s) => s.setLeftTab);
  const Panel = PANELS[tab];
  return (
    <div className="sy-left">
      <div className="sy-tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t.id} role="tab" aria-selected={tab === t.id} className={`sy-tab${tab === t.id ? " is-on" : ""}`}
            onClick={() => setTab(t.id)}>{t.label}</button>
        ))}
      </div>
      <Panel />
    </div>
  );
}
