// The desktop window: its title and the close request. Does nothing outside the Tauri shell.
import { getCurrentWindow } from "@tauri-apps/api/window";

/**
 * Whether the page runs in the Tauri shell. Read when this module loads, before main.tsx installs
 * the mock host (which defines `__TAURI_INTERNALS__` as well) in the browser build.
 */
export const IN_TAURI = "__TAURI_INTERNALS__" in window && import.meta.env.MODE !== "e2e";

export async function setWindowTitle(title: string): Promise<void> {
  if (IN_TAURI) await getCurrentWindow().setTitle(title);
}

/**
 * Calls `mayClose` when the user closes the window; the window stays open when it resolves to
 * false. When it may close but `keepRunning` resolves to true (active workflows), the window
 * hides instead and the app stays in the tray. Resolves to the function that stops listening.
 */
export async function guardWindowClose(
  mayClose: () => Promise<boolean>, keepRunning: () => Promise<boolean>,
): Promise<() => void> {
  if (!IN_TAURI) return () => undefined;
  return getCurrentWindow().onCloseRequested(async (event) => {
    if (!(await mayClose())) { event.preventDefault(); return; }
    if (await keepRunning()) {
      event.preventDefault();
      await getCurrentWindow().hide();
    }
  });
}
