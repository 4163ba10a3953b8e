// The app's always-on host: which workflows run by themselves while the app is open (and in
// the tray), and turning a workflow on or off.
import { invoke } from "@tauri-apps/api/core";
import type { HostView, Workspace } from "./types";

export function hostStatus(): Promise<HostView> {
  return invoke<HostView>("host_status");
}

/** Sets the file's `active` flag; resolves to the refreshed workspace listing. */
export function setActive(path: string, active: boolean): Promise<Workspace> {
  return invoke<Workspace>("set_active", { path, active });
}
