// Asks the host to validate the document shortly after each edit; problems go to the store.
import { useEffect } from "react";
import { validateWorkflow } from "../ipc";
import { useWorkflow } from "../store/workflow";

export function useValidation(delayMs = 250): void {
  const doc = useWorkflow((s) => s.doc);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      validateWorkflow(doc)
        .then((report) => { if (live) useWorkflow.getState().setProblems(report.errors); })
        .catch((e: unknown) => { if (live) useWorkflow.getState().setProblems([{ message: `validation failed: ${String(e)}` }]); });
    }, delayMs);
    return () => { live = false; clearTimeout(timer); };
  }, [doc, delayMs]);
}
