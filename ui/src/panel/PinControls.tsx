// Pin the node's output (first port) as sample data for test runs, edit the pinned items as JSON,
// set them by hand before the node ever ran, or remove the pin. Edits of the document like any
// other: undo takes them back.
import { useState } from "react";
import type { JsonValue } from "../ipc/types";
import { withPinned } from "../store/edit";
import { useWorkflow } from "../store/workflow";
import { NEW_PIN_TEXT, PinEditor } from "./PinEditor";

interface Props {
  nodeId: string;
  /** The node's output in the run shown; undefined when it has none (it did not run). */
  items?: JsonValue[];
}

export function PinControls({ nodeId, items }: Props) {
  const pinnedItems = useWorkflow((s) => s.doc.pinned?.[nodeId]);
  const pinned = pinnedItems !== undefined;
  const edit = useWorkflow((s) => s.edit);
  const [editing, setEditing] = useState<string | null>(null);
  if (editing !== null) return <PinEditor nodeId={nodeId} initial={editing} onClose={() => setEditing(null)} />;
  if (pinned) {
    return (
      <div className="sy-pin-controls">
        <button className="sy-btn" onClick={() => edit((d) => withPinned(d, nodeId, null))} data-testid="unpin">Unpin</button>
        <button className="sy-btn" onClick={() => setEditing(JSON.stringify(pinnedItems, null, 2))} data-testid="edit-pin">Edit pinned data</button>
        <span className="sy-muted">Test runs use the pinned items.</span>
      </div>
    );
  }
  if (items === undefined) {
    return (
      <div className="sy-pin-controls sy-pin-controls--set">
        <button className="sy-link-btn" onClick={() => setEditing(NEW_PIN_TEXT)} data-testid="set-pin"
          title="Give this node sample output as JSON: test runs use it instead of running the node">Set pinned data</button>
      </div>
    );
  }
  return (
    <div className="sy-pin-controls">
      <button className="sy-btn" onClick={() => edit((d) => withPinned(d, nodeId, items))} data-testid="pin">Pin this output</button>
      <span className="sy-muted">Test runs would use these items instead of running the node.</span>
    </div>
  );
}
