import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@xyflow/react/dist/style.css";
import "./styles.css";
import { App } from "./App";

async function start(): Promise<void> {
  // Outside the Tauri shell (browser tests, `vite dev`) a mock host answers the IPC calls.
  const inTauri = "__TAURI_INTERNALS__" in window && import.meta.env.MODE !== "e2e";
  if (!inTauri) {
    const { installMockHost } = await import("./ipc/mock");
    installMockHost();
  }
  const root = document.getElementById("root");
  if (!root) throw new Error("no #root element");
  createRoot(root).render(<StrictMode><App /></StrictMode>);
}

void start();
