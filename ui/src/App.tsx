// The editor: toolbar, palette, canvas, settings panel and problems.
import { ReactFlowProvider } from "@xyflow/react";
import { useEffect } from "react";
import { Canvas } from "./canvas/Canvas";
import { HelpOverlay } from "./chrome/HelpOverlay";
import { Notice } from "./chrome/Notice";
import { Problems } from "./chrome/Problems";
import { Toolbar } from "./chrome/Toolbar";
import { useKeyboard } from "./chrome/useKeyboard";
import { useValidation } from "./chrome/useValidation";
import { listCatalog, listCredentials } from "./ipc";
import { Palette } from "./palette/Palette";
import { QuickAdd } from "./palette/QuickAdd";
import { SidePanel } from "./panel/SidePanel";
import { useCatalog } from "./store/catalog";

function Editor() {
  useKeyboard();
  useValidation();
  return (
    <div className="sy-app">
      <Toolbar />
      <div className="sy-main">
        <Palette />
        <div className="sy-stage">
          <Canvas />
          <Problems />
          <Notice />
        </div>
        <SidePanel />
      </div>
      <QuickAdd />
      <HelpOverlay />
    </div>
  );
}

export function App() {
  useEffect(() => {
    listCatalog().then((c) => useCatalog.getState().setCatalog(c)).catch(() => undefined);
    listCredentials().then((c) => useCatalog.getState().setCredentials(c)).catch(() => undefined);
  }, []);
  return (
    <ReactFlowProvider>
      <Editor />
    </ReactFlowProvider>
  );
}
