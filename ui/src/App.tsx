// The editor: toolbar, palette or workspace, canvas, settings panel and problems.
import { ReactFlowProvider } from "@xyflow/react";
import { useEffect } from "react";
import { Canvas } from "./canvas/Canvas";
import { useFitOnLoad } from "./canvas/useFitOnLoad";
import { CredentialsScreen } from "./credentials/CredentialsScreen";
import { HelpOverlay } from "./chrome/HelpOverlay";
import { LeftColumn } from "./chrome/LeftColumn";
import { Notice } from "./chrome/Notice";
import { Problems } from "./chrome/Problems";
import { Toolbar } from "./chrome/Toolbar";
import { useKeyboard } from "./chrome/useKeyboard";
import { useValidation } from "./chrome/useValidation";
import { refreshWorkspace } from "./files/actions";
import { useUnsavedGuard } from "./files/useUnsavedGuard";
import { listCatalog, listCredentials } from "./ipc";
import { QuickAdd } from "./palette/QuickAdd";
import { SidePanel } from "./panel/SidePanel";
import { NodeMenu } from "./runs/NodeMenu";
import { RunBanner } from "./runs/RunBanner";
import { useRunEvents } from "./runs/useRunEvents";
import { useTestEvents } from "./runs/useTestEvents";
import { useCatalog } from "./store/catalog";

function Editor() {
  useKeyboard();
  useValidation();
  useFitOnLoad();
  useUnsavedGuard();
  useRunEvents();
  useTestEvents();
  return (
    <div className="sy-app">
      <Toolbar />
      <div className="sy-main">
        <LeftColumn />
        <div className="sy-stage">
          <RunBanner />
          <Canvas />
          <Problems />
          <Notice />
        </div>
        <SidePanel />
      </div>
      <QuickAdd />
      <NodeMenu />
      <HelpOverlay />
      <CredentialsScreen />
    </div>
  );
}

export function App() {
  useEffect(() => {
    listCatalog().then((c) => useCatalog.getState().setCatalog(c)).catch(() => undefined);
    listCredentials().then((c) => useCatalog.getState().setCredentials(c)).catch(() => undefined);
    void refreshWorkspace();
  }, []);
  return (
    <ReactFlowProvider>
      <Editor />
    </ReactFlowProvider>
  );
}
