// Sets the view of each newly loaded document before it is first drawn (the whole workflow, or
// a readable start: see openingView): the view is set from the
// document's positions, so a large workflow is drawn once, at the zoom it is shown at, instead of
// at the old view first and again after measuring.
import { getViewportForBounds, useReactFlow, useStoreApi } from "@xyflow/react";
import { useLayoutEffect } from "react";
import { useWorkflow } from "../store/workflow";
import { documentBounds } from "./bounds";
import { openingView } from "./openingView";
import { useSizes } from "./sizes";

const PADDING = 0.2;

export function useFitOnLoad(): void {
  const loads = useWorkflow((s) => s.loads);
  const { setViewport } = useReactFlow();
  const store = useStoreApi();
  useLayoutEffect(() => {
    if (loads === 0) return;
    const { doc } = useWorkflow.getState();
    const bounds = documentBounds(doc, useSizes.getState().sizes);
    if (!bounds) return;
    const { width, height, minZoom, maxZoom } = store.getState();
    const fitted = getViewportForBounds(bounds, width, height, minZoom, maxZoom, PADDING);
    void setViewport(openingView(fitted, doc.nodes, { width, height }));
  }, [loads, setViewport, store]);
}
