// Pin the node's output (first port) as sample data for test runs, or remove the pin. An edit of
// the document like any other: undo takes it back.
import type { JsonValue } from "../ipc/types";
import { withPinned } from "../store/edit";
import { useWorkflow } from "../store/workflow";

export function PinControls({ nodeId, items }: { nodeId: string; items: JsonValue[] }) {
  const pinned = useWorkflow((s) => s.doc.pinned?.[nodeId] !== undefined);
  const edit = useWorkflow((s) => s.edit);
  return (
    <div className="sy-pin-controls">
      {pinned ? (
        <button className="sy-btn" onClick={() => edit((d) => withPinned(d, nodeId, null))} data-testid="unpin">Unpin</button>
      ) : (
        <button className="sy-btn" onClick={() => edit((d) => withPinned(d, nodeId, items))} data-testid="pin">Pin this output</button>
      )}
      <span className="sy-muted">{pinned ? "Test runs use the pinned items." : "Test runs would use these items instead of running the node."}</span>
    </div>
  );
}
