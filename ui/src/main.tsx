import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@xyflow/react/dist/style.css";
import "./styles.css";
import { App } from "./App";

async function start(): Promise<void> {
  // Outside the Tauri shell a stand-in answers the IPC calls: the real back end over the
  // bridge (`?backend=bridge`, served by `switchyard-bridge`), else a mock host in the page
  // (browser tests, `vite dev`). Native dialogs are answered in the page either way.
  const inTauri = "__TAURI_INTERNALS__" in window && import.meta.env.MODE !== "e2e";
  if (!inTauri && new URLSearchParams(location.search).get("backend") === "bridge") {
    const [{ installBridgeHost }, { answerDialog, installDialogQueue }] =
      await Promise.all([import("./ipc/bridge"), import("./ipc/mockDialogs")]);
    installDialogQueue();
    installBridgeHost(answerDialog);
  } else if (!inTauri) {
    const { installMockHost } = await import("./ipc/mock");
    installMockHost();
  }
  const root = document.getElementById("root");
  if (!root) throw new Error("no #root element");
  createRoot(root).render(<StrictMode><App /></StrictMode>);
}

void start();
