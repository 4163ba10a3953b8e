// The node context menu (right-click on a node): run it alone, or run up to it.
import { useEffect } from "react";
import type { RunSelection } from "../ipc/types";
import { isRunning, useRun } from "../store/run";
import { useUi } from "../store/ui";
import { runDocument } from "./actions";

export function NodeMenu() {
  const menu = useUi((s) => s.nodeMenu);
  const running = useRun(isRunning);
  useEffect(() => {
    if (!menu) return;
    const close = (e: KeyboardEvent | globalThis.MouseEvent) => {
      if (e instanceof KeyboardEvent && e.key !== "Escape") return;
      if (e instanceof globalThis.MouseEvent && (e.target as HTMLElement).closest(".sy-node-menu")) return;
      useUi.getState().closeNodeMenu();
    };
    window.addEventListener("keydown", close);
    window.addEventListener("mousedown", close);
    return () => { window.removeEventListener("keydown", close); window.removeEventListener("mousedown", close); };
  }, [menu]);
  if (!menu) return null;
  const run = (selection: RunSelection) => {
    useUi.getState().closeNodeMenu();
    void runDocument(selection);
  };
  return (
    <div className="sy-node-menu" role="menu" style={{ left: menu.x, top: menu.y }} data-testid="node-menu">
      <button role="menuitem" className="sy-menu__item" disabled={running} onClick={() => run({ kind: "node", node: menu.nodeId })}>
        Run this node
      </button>
      <button role="menuitem" className="sy-menu__item" disabled={running} onClick={() => run({ kind: "until", node: menu.nodeId })}>
        Run up to here
      </button>
    </div>
  );
}
