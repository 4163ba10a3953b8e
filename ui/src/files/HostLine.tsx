// The always-on host at a glance (where webhooks arrive, or why nothing runs by itself), and
// turning a workflow on or off.
import { useEffect, useState } from "react";
import { describeError } from "../ipc/errors";
import { hostStatus, setActive } from "../ipc/host";
import type { HostView } from "../ipc/types";
import { useWorkflow } from "../store/workflow";
import { useWorkspace } from "../store/workspace";

/** The folder watch takes a moment to load a changed file. */
const RELOAD_MS = 600;

export async function toggleActive(path: string, active: boolean): Promise<void> {
  try {
    useWorkspace.getState().update(await setActive(path, active));
    window.dispatchEvent(new Event("switchyard:host-changed"));
  } catch (e) {
    useWorkflow.getState().notify(`Could not change ${path}: ${describeError(e)}`, "error");
  }
}

export function HostLine() {
  const [host, setHost] = useState<HostView | null>(null);
  useEffect(() => {
    let live = true;
    const refresh = () => {
      hostStatus().then((h) => { if (live) setHost(h); }).catch(() => { if (live) setHost(null); });
    };
    const later = () => { setTimeout(refresh, RELOAD_MS); };
    refresh();
    window.addEventListener("switchyard:host-changed", later);
    return () => { live = false; window.removeEventListener("switchyard:host-changed", later); };
  }, []);
  if (!host) return null;
  const active = host.workflows.filter((w) => w.active).length;
  if (host.problem) {
    return <p className="sy-hostline is-problem" data-testid="host-line">Active workflows do not run here: {host.problem}</p>;
  }
  return (
    <p className="sy-hostline" data-testid="host-line">
      {active === 0 ? "No workflow is active." : `${active} active workflow${active === 1 ? "" : "s"} running`}
      {host.listening && <> · webhooks at <code>http://{host.listening}/webhook/…</code></>}
    </p>
  );
}
