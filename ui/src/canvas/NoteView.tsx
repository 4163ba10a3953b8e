// A sticky note: text the engine ignores.
import { memo } from "react";
import { NodeResizer, type NodeProps } from "@xyflow/react";
import { useWorkflow } from "../store/workflow";
import type { NoteNode } from "./types";

export const NoteView = memo(function NoteView({ data, selected }: NodeProps<NoteNode>) {
  const setText = useWorkflow((s) => s.setNoteText);
  return (
    <div className={`sy-note${selected ? " is-selected" : ""}`} data-testid={`note-${data.note.id}`}>
      <NodeResizer isVisible={selected} minWidth={140} minHeight={80} color="#f59e0b" />
      <textarea key={data.note.text} className="sy-note__text nodrag" defaultValue={data.note.text} placeholder="Write a note…"
        onBlur={(e) => { if (e.target.value !== data.note.text) setText(data.note.id, e.target.value); }} />
    </div>
  );
});
