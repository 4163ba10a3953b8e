// The top bar: the File menu, workflow name, templates, history, layout, run controls and save.
import { useEffect, useState } from "react";
import { KeyIcon } from "../credentials/KeyIcon";
import { useCredentialsUi } from "../credentials/store";
import { openTemplate, save } from "../files/actions";
import { listTemplates } from "../ipc";
import type { TemplateEntry } from "../ipc/types";
import { useUi } from "../store/ui";
import { useWorkflow } from "../store/workflow";
import { tidy } from "./actions";
import { RunControls } from "../runs/RunControls";
import { FileMenu } from "./FileMenu";

export function Toolbar() {
  const name = useWorkflow((s) => s.doc.name ?? "");
  const dirty = useWorkflow((s) => s.doc !== s.saved);
  const canUndo = useWorkflow((s) => s.past.length > 0);
  const canRedo = useWorkflow((s) => s.future.length > 0);
  const path = useWorkflow((s) => s.path);
  const snap = useUi((s) => s.snapToGrid);
  const [templates, setTemplates] = useState<TemplateEntry[]>([]);
  useEffect(() => { listTemplates().then(setTemplates).catch(() => setTemplates([])); }, []);
  const wf = useWorkflow.getState;
  return (
    <header className="sy-toolbar">
      <div className="sy-brand"><span className="sy-brand__mark">⇄</span> Switchyard</div>
      <FileMenu />
      <input className="sy-title" aria-label="Workflow name" value={name}
        onChange={(e) => wf().edit((d) => ({ ...d, name: e.target.value }))} />
      <span className="sy-muted sy-path">{path ?? "not saved yet"}{dirty ? " · edited" : ""}</span>
      <div className="sy-toolbar__group">
        <select className="sy-input" aria-label="Open template" value="" onChange={(e) => {
          const t = templates.find((x) => x.file === e.target.value);
          if (t) void openTemplate(t);
        }}>
          <option value="">Templates…</option>
          {templates.map((t) => <option key={t.file} value={t.file}>{t.document.name ?? t.file}</option>)}
        </select>
      </div>
      <div className="sy-toolbar__group">
        <button className="sy-btn sy-btn--ghost" title="Undo (Ctrl+Z)" disabled={!canUndo} onClick={() => wf().undo()}>↶</button>
        <button className="sy-btn sy-btn--ghost" title="Redo (Ctrl+Shift+Z)" disabled={!canRedo} onClick={() => wf().redo()}>↷</button>
        <button className="sy-btn sy-btn--ghost" title="Tidy up (Shift+T)" onClick={tidy}>Tidy up</button>
        <button className="sy-btn sy-btn--ghost" title="Add a sticky note (N)" onClick={() => {
          const p = useUi.getState().pointer;
          wf().addNote([p.x, p.y]);
        }}>Note</button>
        <button className={`sy-btn sy-btn--ghost${snap ? " is-on" : ""}`} title="Snap to grid (G)" onClick={() => useUi.getState().toggleSnap()}>Grid</button>
        <button className="sy-btn sy-btn--ghost sy-btn--icon" title="Credentials and API usage" data-testid="open-credentials"
          onClick={() => useCredentialsUi.getState().show("list")}><KeyIcon /> Credentials</button>
        <button className="sy-btn sy-btn--ghost" title="Shortcuts (?)" onClick={() => useUi.getState().setHelp(true)}>?</button>
      </div>
      <RunControls />
      <button className="sy-btn sy-btn--primary" title="Save (Ctrl+S)" onClick={() => void save()} data-testid="save">Save</button>
    </header>
  );
}
