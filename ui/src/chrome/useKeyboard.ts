// Global keyboard shortcuts (ignored while typing in a field or the code editor).
import { useReactFlow } from "@xyflow/react";
import { useEffect } from "react";
import { useUi } from "../store/ui";
import { useWorkflow } from "../store/workflow";
import { copy, paste, save, tidy } from "./actions";

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable;
}

export function useKeyboard(): void {
  const { fitView } = useReactFlow();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target)) return;
      const wf = useWorkflow.getState();
      const ui = useUi.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const run = (f: () => void) => { e.preventDefault(); f(); };
      if (mod && key === "z" && e.shiftKey) return run(wf.redo);
      if (mod && key === "z") return run(wf.undo);
      if (mod && key === "y") return run(wf.redo);
      if (mod && key === "c") return run(() => void copy());
      if (mod && key === "v") return run(() => void paste());
      if (mod && key === "d") return run(wf.duplicate);
      if (mod && key === "a") return run(wf.selectAll);
      if (mod && key === "s") return run(() => void save());
      if (mod || e.altKey) return;
      if (e.key === "Delete" || e.key === "Backspace") return run(wf.deleteSelection);
      if (e.key === "Tab") {
        return run(() => ui.openQuickAdd({ screen: ui.pointerScreen, flow: ui.pointer }));
      }
      if (e.key === "?") return run(() => ui.setHelp(!ui.helpOpen));
      if (e.key === "Escape") return run(() => { ui.setHelp(false); ui.closeQuickAdd(); wf.select({ nodes: [], edges: [], notes: [] }); });
      if (e.key === "T" && e.shiftKey) return run(tidy);
      if (key === "d") return run(wf.toggleDisabled);
      if (key === "n") return run(() => wf.addNote([ui.pointer.x, ui.pointer.y]));
      if (key === "f") return run(() => void fitView({ padding: 0.2, duration: 200 }));
      if (key === "g") return run(ui.toggleSnap);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [fitView]);
}
