// The workflows in the workspace folder: a click opens one; problems and the active flag at a glance.
import { useWorkflow } from "../store/workflow";
import { useWorkspace } from "../store/workspace";
import { changeWorkspaceFolder, openPath } from "./actions";
import { HostLine, toggleActive } from "./HostLine";

export function WorkspacePanel() {
  const workspace = useWorkspace((s) => s.workspace);
  const openFile = useWorkflow((s) => s.path);
  return (
    <div className="sy-workspace" aria-label="Workflows" data-testid="workspace">
      <div className="sy-workspace__folder" title={workspace?.folder}>{workspace?.folder ?? "No workspace folder"}</div>
      <button className="sy-btn sy-workspace__change" onClick={() => void changeWorkspaceFolder()}>Change folder…</button>
      <HostLine />
      {workspace && workspace.files.length === 0 && <p className="sy-muted sy-workspace__empty">No workflows in this folder yet.</p>}
      <ul className="sy-workspace__list">
        {workspace?.files.map((f) => (
          <li key={f.path} className="sy-workspace__row">
            <button className={`sy-workspace__file${f.path === openFile ? " is-open" : ""}`} title={f.path}
              data-path={f.path} onClick={() => void openPath(f.path)}>
              <span className={`sy-workspace__dot${f.active ? " is-active" : ""}`}
                title={f.active ? "Active: runs by itself" : "Inactive"} aria-label={f.active ? "active" : undefined} />
              <span className="sy-workspace__text">
                <span className="sy-workspace__name">{f.name ?? f.file}</span>
                {f.name !== null && <span className="sy-workspace__file-name">{f.file}</span>}
              </span>
              {f.problems > 0 && (
                <span className="sy-workspace__badge" title={`${f.problems} problem${f.problems === 1 ? "" : "s"}`}>{f.problems}</span>
              )}
            </button>
            <label className="sy-workspace__toggle" title="Active workflows run by themselves (webhooks, schedules, HubSpot) while the app is open or in the tray">
              <input type="checkbox" checked={f.active} aria-label={`Active: ${f.name ?? f.file}`}
                onChange={(e) => void toggleActive(f.path, e.target.checked)} />
              <span>{f.active ? "On" : "Off"}</span>
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
}
