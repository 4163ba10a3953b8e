// The workflow canvas: React Flow kept in step with the document store.
import {
  Background, BackgroundVariant, Controls, MiniMap, ReactFlow, useReactFlow, useStore,
  type Connection, type EdgeChange, type FinalConnectionState, type IsValidConnection, type NodeChange,
} from "@xyflow/react";
import { useCallback, useMemo, useRef, type DragEvent, type MouseEvent } from "react";
import { connectionProblem } from "../doc/connection";
import { describe, useCatalog } from "../store/catalog";
import { useReadOnly, useShownDoc, useShownStates } from "../store/shown";
import { useWorkflow } from "../store/workflow";
import { useUi } from "../store/ui";
import { toCanvasEdges, toCanvasNodes } from "./convert";
import { GROUP_COLOR } from "./kind";
import { nodeTypes } from "./nodeTypes";
import { NOTE_PREFIX, type CanvasEdge, type CanvasNode } from "./types";
import { useSizes, type Size } from "./sizes";

export const DRAG_MIME = "application/x-switchyard-node";

/** Below this zoom, text is too small to read: nodes are drawn as plain cards (much cheaper to paint). */
export const FAR_ZOOM = 0.45;

/** From this many nodes on, only the nodes and edges in view are mounted. */
export const VIRTUALIZE_FROM = 200;

function toProposed(c: Connection | CanvasEdge) {
  return { source: c.source, sourceHandle: c.sourceHandle ?? null, target: c.target, targetHandle: c.targetHandle ?? null };
}

function closeNodeMenu() {
  useUi.getState().closeNodeMenu();
}

export function Canvas() {
  const doc = useShownDoc();
  const states = useShownStates();
  const readOnly = useReadOnly();
  const selection = useWorkflow((s) => s.selection);
  const problems = useWorkflow((s) => s.problems);
  const byType = useCatalog((s) => s.byType);
  const snapToGrid = useUi((s) => s.snapToGrid);
  const far = useStore((s) => s.transform[2] < FAR_ZOOM);
  const { screenToFlowPosition } = useReactFlow();
  const sizes = useSizes((s) => s.sizes);
  const recordSizes = useSizes((s) => s.record);

  // The previous nodes and edges: unchanged ones are passed on as the same objects, so React Flow
  // and the memoised node components skip them.
  const previousNodes = useRef<CanvasNode[]>([]);
  const previousEdges = useRef<CanvasEdge[]>([]);
  const lookup = useCallback((t: string) => byType.get(t), [byType]);
  const nodes = useMemo(() => {
    previousNodes.current = toCanvasNodes(doc, lookup, selection, readOnly ? [] : problems, sizes, previousNodes.current, states);
    return previousNodes.current;
  }, [doc, lookup, selection, problems, sizes, states, readOnly]);
  const edges = useMemo(() => {
    previousEdges.current = toCanvasEdges(doc, lookup, selection, previousEdges.current, states);
    return previousEdges.current;
  }, [doc, lookup, selection, states]);

  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    const store = useWorkflow.getState();
    const moves: { id: string; position: [number, number] }[] = [];
    const measured: [string, Size][] = [];
    let dragging = false;
    let selectionChanged = false;
    const nodeSel = new Set(store.selection.nodes);
    const noteSel = new Set(store.selection.notes);
    for (const c of changes) {
      if (c.type === "position" && c.position) {
        dragging = dragging || Boolean(c.dragging);
        if (c.id.startsWith(NOTE_PREFIX)) store.moveNote(c.id.slice(NOTE_PREFIX.length), [c.position.x, c.position.y], Boolean(c.dragging));
        else moves.push({ id: c.id, position: [c.position.x, c.position.y] });
      } else if (c.type === "position" && c.dragging === false) {
        useWorkflow.setState({ gesture: false });
      } else if (c.type === "dimensions" && c.dimensions) {
        if (c.resizing !== undefined && c.id.startsWith(NOTE_PREFIX)) {
          store.resizeNote(c.id.slice(NOTE_PREFIX.length), [c.dimensions.width, c.dimensions.height], c.resizing);
        }
        measured.push([c.id, c.dimensions]);
      } else if (c.type === "select") {
        selectionChanged = true;
        const set = c.id.startsWith(NOTE_PREFIX) ? noteSel : nodeSel;
        const id = c.id.startsWith(NOTE_PREFIX) ? c.id.slice(NOTE_PREFIX.length) : c.id;
        if (c.selected) set.add(id); else set.delete(id);
      }
    }
    if (moves.length > 0) store.moveNodes(moves, dragging);
    if (measured.length > 0) recordSizes(measured);
    if (selectionChanged) store.select({ nodes: [...nodeSel], notes: [...noteSel] });
  }, [recordSizes]);

  const onEdgesChange = useCallback((changes: EdgeChange<CanvasEdge>[]) => {
    const store = useWorkflow.getState();
    const sel = new Set(store.selection.edges);
    let changed = false;
    for (const c of changes) {
      if (c.type === "select") {
        changed = true;
        if (c.selected) sel.add(c.id); else sel.delete(c.id);
      }
    }
    if (changed) store.select({ edges: [...sel] });
  }, []);

  const isValidConnection: IsValidConnection<CanvasEdge> = useCallback((c) =>
    connectionProblem(useWorkflow.getState().doc, describe, toProposed(c)) === null, []);

  const onConnect = useCallback((c: Connection) => { useWorkflow.getState().connect(toProposed(c)); }, []);

  const onConnectEnd = useCallback((_e: globalThis.MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (state.isValid || !state.toHandle || !state.fromHandle) return;
    const from = state.fromHandle.type === "source" ? state.fromHandle : state.toHandle;
    const to = state.fromHandle.type === "source" ? state.toHandle : state.fromHandle;
    const problem = connectionProblem(useWorkflow.getState().doc, describe,
      { source: from.nodeId, sourceHandle: from.id ?? null, target: to.nodeId, targetHandle: to.id ?? null });
    if (problem) useWorkflow.getState().notify(problem, "error");
  }, []);

  const onReconnect = useCallback((old: CanvasEdge, c: Connection) => {
    useWorkflow.getState().reconnect(old.id, toProposed(c));
  }, []);

  const onDragOver = useCallback((e: DragEvent) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
  }, []);

  const onDrop = useCallback((e: DragEvent) => {
    e.preventDefault();
    const type = e.dataTransfer.getData(DRAG_MIME);
    if (!type || readOnly) return;
    const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
    useWorkflow.getState().addNode(type, [p.x - 100, p.y - 32]);
  }, [screenToFlowPosition, readOnly]);

  const onMouseMove = useCallback((e: MouseEvent) => {
    useUi.setState({ pointer: screenToFlowPosition({ x: e.clientX, y: e.clientY }), pointerScreen: { x: e.clientX, y: e.clientY } });
  }, [screenToFlowPosition]);

  const onDoubleClick = useCallback((e: MouseEvent) => {
    const target = e.target as HTMLElement;
    if (!target.classList.contains("react-flow__pane") || readOnly) return;
    const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
    useUi.getState().openQuickAdd({ screen: { x: e.clientX, y: e.clientY }, flow: p });
  }, [screenToFlowPosition, readOnly]);

  const onNodeContextMenu = useCallback((e: MouseEvent, node: CanvasNode) => {
    e.preventDefault();
    if (readOnly || node.id.startsWith(NOTE_PREFIX)) return;
    useUi.getState().openNodeMenu({ x: e.clientX, y: e.clientY, nodeId: node.id });
  }, [readOnly]);

  return (
    <div className={`sy-canvas${far ? " is-far" : ""}`} onMouseMove={onMouseMove} onDoubleClick={onDoubleClick} onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<CanvasNode, CanvasEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        onReconnect={onReconnect}
        onNodeContextMenu={onNodeContextMenu}
        onPaneClick={closeNodeMenu}
        isValidConnection={isValidConnection}
        onlyRenderVisibleElements={doc.nodes.length >= VIRTUALIZE_FROM}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={!readOnly}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={["Meta", "Control"]}
        zoomOnDoubleClick={false}
        snapToGrid={snapToGrid}
        snapGrid={[20, 20]}
        defaultViewport={{ x: 0, y: 0, zoom: 1 }}
        minZoom={0.2}
        maxZoom={2}
        defaultEdgeOptions={{ type: "smoothstep" }}
        proOptions={{ hideAttribution: true }}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#cbd5e1" />
        <MiniMap pannable zoomable nodeColor={(n) => {
          const d = (n as CanvasNode).data;
          return d.kind === "note" ? "#fde68a" : d.desc ? GROUP_COLOR[d.desc.group] : "#94a3b8";
        }} />
        <Controls position="top-left" showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
