// The `?` overlay listing the shortcuts.
import { useUi } from "../store/ui";
import { SHORTCUTS } from "./shortcuts";

export function HelpOverlay() {
  const open = useUi((s) => s.helpOpen);
  const setHelp = useUi((s) => s.setHelp);
  if (!open) return null;
  return (
    <div className="sy-overlay" role="dialog" aria-label="Keyboard shortcuts" onClick={() => setHelp(false)}>
      <div className="sy-help" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}><td><kbd>{s.keys}</kbd></td><td>{s.does}</td></tr>
            ))}
          </tbody>
        </table>
        <button className="sy-btn" onClick={() => setHelp(false)}>Close</button>
      </div>
    </div>
  );
}
