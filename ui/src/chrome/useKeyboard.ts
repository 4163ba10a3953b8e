// Global keyboard shortcuts: the file commands work everywhere, the others are ignored while
// typing in a field or the code editor.
import { useReactFlow } from "@xyflow/react";
import { useEffect } from "react";
import { newWorkflow, openWithDialog, save, saveAs } from "../files/actions";
import { runDocument } from "../runs/actions";
import { useUi } from "../store/ui";
import { useViewer } from "../store/viewer";
import { useWorkflow } from "../store/workflow";
import { copy, paste, tidy } from "./actions";

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable;
}

export function useKeyboard(): void {
  const { fitView } = useReactFlow();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const run = (f: () => void) => { e.preventDefault(); f(); };
      if (mod && key === "s" && e.shiftKey) return run(() => void saveAs());
      if (mod && key === "s") return run(() => void save());
      if (mod && key === "o") return run(() => void openWithDialog());
      if (mod && key === "n") return run(() => void newWorkflow());
      if (typing(e.target)) return;
      // A recorded run on the canvas is read-only.
      if (useViewer.getState().detail) return;
      if (mod && e.key === "Enter") return run(() => void runDocument());
      const wf = useWorkflow.getState();
      const ui = useUi.getState();
      if (mod && key === "z" && e.shiftKey) return run(wf.redo);
      if (mod && key === "z") return run(wf.undo);
      if (mod && key === "y") return run(wf.redo);
      if (mod && key === "c") return run(() => void copy());
      if (mod && key === "v") return run(() => void paste());
      if (mod && key === "d") return run(wf.duplicate);
      if (mod && key === "a") return run(wf.selectAll);
      if (mod || e.altKey) return;
      if (e.key === "Delete" || e.key === "Backspace") return run(wf.deleteSelection);
      if (e.key === "Tab") {
        const selected = wf.selection.nodes.length === 1 ? wf.selection.nodes[0] : undefined;
        return run(() => ui.openQuickAdd({ screen: ui.pointerScreen, flow: ui.pointer, after: selected }));
      }
      if (e.key === "?") return run(() => ui.setHelp(!ui.helpOpen));
      if (e.key === "Escape") return run(() => { ui.setHelp(false); ui.closeQuickAdd(); ui.closeNodeMenu(); wf.select({ nodes: [], edges: [], notes: [] }); });
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
