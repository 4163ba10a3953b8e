// The workflow canvas: React Flow kept in step with the document store.
import {
  Background, BackgroundVariant, Controls, MiniMap, ReactFlow, useReactFlow,
  type Connection, type EdgeChange, type FinalConnectionState, type IsValidConnection, type NodeChange,
} from "@xyflow/react";
import { useCallback, useMemo, type DragEvent, type MouseEvent } from "react";
import { connectionProblem } from "../doc/connection";
import { describe, useCatalog } from "../store/catalog";
import { useWorkflow } from "../store/workflow";
import { useUi } from "../store/ui";
import { toCanvasEdges, toCanvasNodes } from "./convert";
import { GROUP_COLOR } from "./kind";
import { nodeTypes } from "./nodeTypes";
import { NOTE_PREFIX, type CanvasEdge, type CanvasNode } from "./types";
import { useSizes } from "./sizes";

export const DRAG_MIME = "application/x-switchyard-node";

function toProposed(c: Connection | CanvasEdge) {
  return { source: c.source, sourceHandle: c.sourceHandle ?? null, target: c.target, targetHandle: c.targetHandle ?? null };
}

export function Canvas() {
  const doc = useWorkflow((s) => s.doc);
  const selection = useWorkflow((s) => s.selection);
  const problems = useWorkflow((s) => s.problems);
  const byType = useCatalog((s) => s.byType);
  const snapToGrid = useUi((s) => s.snapToGrid);
  const { screenToFlowPosition } = useReactFlow();
  const sizes = useSizes((s) => s.sizes);
  const setSize = useSizes((s) => s.set);

  const lookup = useCallback((t: string) => byType.get(t), [byType]);
  const nodes = useMemo(() => toCanvasNodes(doc, lookup, selection, problems, sizes), [doc, lookup, selection, problems, sizes]);
  const edges = useMemo(() => toCanvasEdges(doc, lookup, selection), [doc, lookup, selection]);

  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    const store = useWorkflow.getState();
    const moves: { id: string; position: [number, number] }[] = [];
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
        setSize(c.id, c.dimensions);
      } else if (c.type === "select") {
        selectionChanged = true;
        const set = c.id.startsWith(NOTE_PREFIX) ? noteSel : nodeSel;
        const id = c.id.startsWith(NOTE_PREFIX) ? c.id.slice(NOTE_PREFIX.length) : c.id;
        if (c.selected) set.add(id); else set.delete(id);
      }
    }
    if (moves.length > 0) store.moveNodes(moves, dragging);
    if (selectionChanged) store.select({ nodes: [...nodeSel], notes: [...noteSel] });
  }, [setSize]);

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
    if (!type) return;
    const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
    useWorkflow.getState().addNode(type, [p.x - 100, p.y - 32]);
  }, [screenToFlowPosition]);

  const onMouseMove = useCallback((e: MouseEvent) => {
    useUi.setState({ pointer: screenToFlowPosition({ x: e.clientX, y: e.clientY }), pointerScreen: { x: e.clientX, y: e.clientY } });
  }, [screenToFlowPosition]);

  const onDoubleClick = useCallback((e: MouseEvent) => {
    const target = e.target as HTMLElement;
    if (!target.classList.contains("react-flow__pane")) return;
    const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
    useUi.getState().openQuickAdd({ screen: { x: e.clientX, y: e.clientY }, flow: p });
  }, [screenToFlowPosition]);

  return (
    <div className="sy-canvas" onMouseMove={onMouseMove} onDoubleClick={onDoubleClick} onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<CanvasNode, CanvasEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        onReconnect={onReconnect}
        isValidConnection={isValidConnection}
        edgesReconnectable
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
