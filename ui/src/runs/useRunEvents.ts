// Listens to the host's run events for the editor's lifetime; a newly loaded document starts
// with no run shown.
import { useEffect } from "react";
import { useRun } from "../store/run";
import { useViewer } from "../store/viewer";
import { useWorkflow } from "../store/workflow";
import { followRuns } from "./actions";

export function useRunEvents(): void {
  useEffect(() => {
    let stop: (() => void) | null = null;
    let live = true;
    followRuns().then((unlisten) => { if (live) stop = unlisten; else unlisten(); }).catch(() => undefined);
    return () => { live = false; stop?.(); };
  }, []);
  const loads = useWorkflow((s) => s.loads);
  useEffect(() => {
    useRun.getState().clear();
    useViewer.getState().close();
  }, [loads]);
}
