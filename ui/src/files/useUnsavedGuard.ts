// Keeps edits from being lost on close: the desktop window asks first (a browser tab warns), and
// the window title names the document, with "• " while it has unsaved edits. With active
// workflows the window hides to the tray instead of quitting.
import { useEffect } from "react";
import { hostStatus } from "../ipc/host";
import { guardWindowClose, IN_TAURI, setWindowTitle } from "../ipc/window";
import { useWorkflow } from "../store/workflow";
import { confirmDiscard } from "./actions";
import { displayName, windowTitle } from "./title";

/** Active workflows keep running in the tray when the window closes. */
async function hasActiveWorkflows(): Promise<boolean> {
  try {
    return (await hostStatus()).workflows.some((w) => w.active);
  } catch {
    return false;
  }
}

export function useUnsavedGuard(): void {
  const edited = useWorkflow((s) => s.doc !== s.saved);
  const name = useWorkflow((s) => displayName(s.doc));

  useEffect(() => { setWindowTitle(windowTitle(name, edited)).catch(() => undefined); }, [name, edited]);

  useEffect(() => {
    if (IN_TAURI) {
      let live = true;
      let stop: (() => void) | undefined;
      guardWindowClose(confirmDiscard, hasActiveWorkflows).then((unlisten) => { if (live) stop = unlisten; else unlisten(); }).catch(() => undefined);
      return () => { live = false; stop?.(); };
    }
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      const { doc, saved } = useWorkflow.getState();
      if (doc !== saved) e.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, []);
}
