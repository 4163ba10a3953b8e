// Listens to the host's test-event events for the editor's lifetime; a newly loaded document
// stops any listening of the previous one.
import { useEffect } from "react";
import { useTestListen } from "../store/testListen";
import { useWorkflow } from "../store/workflow";
import { followTestEvents, stopListening } from "./testEvents";

export function useTestEvents(): void {
  useEffect(() => {
    let stop: (() => void) | null = null;
    let live = true;
    followTestEvents().then((unlisten) => { if (live) stop = unlisten; else unlisten(); }).catch(() => undefined);
    return () => { live = false; stop?.(); };
  }, []);
  const loads = useWorkflow((s) => s.loads);
  useEffect(() => {
    if (useTestListen.getState().phase === "listening") void stopListening();
    useTestListen.getState().reset();
  }, [loads]);
}
