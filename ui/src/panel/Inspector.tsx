// What a node did in the run shown: its input and output items per port, its attempts and, for
// connector nodes, the HTTP exchanges; its output can be pinned as sample data.
import type { NodeRunView } from "../ipc/types";
import { useShownDetail, useReadOnly } from "../store/shown";
import { useWorkflow } from "../store/workflow";
import { isRunning, useRun } from "../store/run";
import { durationLabel } from "../store/progress";
import { ItemsView } from "./ItemsView";
import { PinControls } from "./PinControls";

export type InspectorTab = "input" | "output" | "details";

function NoData({ nodeId }: { nodeId: string }) {
  const running = useRun(isRunning);
  const ran = useRun((s) => s.runId !== null);
  const text = running ? "The run is still going…" : ran ? `${nodeId} did not run in this run.` : "Run the workflow (Ctrl+Enter) to see what this node does.";
  return <p className="sy-muted sy-inspector__empty">{text}</p>;
}

/** The Output tab of a node without output in the run shown: its pinned items, or a way to set some. */
function Unrun({ nodeId }: { nodeId: string }) {
  const pinned = useWorkflow((s) => s.doc.pinned?.[nodeId]);
  return (
    <div className="sy-inspector">
      <PinControls nodeId={nodeId} />
      {Array.isArray(pinned) && <ItemsView title="Pinned output" items={pinned} testId="pinned-items" />}
    </div>
  );
}

function Details({ view }: { view: NodeRunView }) {
  return (
    <>
      <section className="sy-panel__section">
        <h4>Attempts</h4>
        {view.attempts.length === 0 && <p className="sy-muted">No attempts recorded ({view.status}).</p>}
        <ol className="sy-attempts">
          {view.attempts.map((a) => (
            <li key={a.number} className={a.error ? "is-failed" : ""}>
              <span>#{a.number}</span> <span className="sy-muted">{a.started_at}</span>
              {a.error ? <div className="sy-attempts__error"><strong>{a.error.kind}</strong> {a.error.message}</div> : <span> ✓</span>}
            </li>
          ))}
        </ol>
      </section>
      {view.exchanges.length > 0 && (
        <section className="sy-panel__section" data-testid="exchanges">
          <h4>HTTP exchanges</h4>
          {view.exchanges.map((x, i) => (
            <details key={i} className="sy-exchange" open={i === 0}>
              <summary>Exchange {i + 1}</summary>
              <div className="sy-muted">Request</div>
              <pre className="sy-items__json">{JSON.stringify(x.request, null, 2)}</pre>
              <div className="sy-muted">Response</div>
              <pre className="sy-items__json">{JSON.stringify(x.response, null, 2)}</pre>
            </details>
          ))}
        </section>
      )}
    </>
  );
}

export function Inspector({ nodeId, tab }: { nodeId: string; tab: InspectorTab }) {
  const detail = useShownDetail();
  const readOnly = useReadOnly();
  const view = detail?.nodes.find((n) => n.node_id === nodeId);
  if (!view) {
    return (
      <>
        <NoData nodeId={nodeId} />
        {tab === "output" && !readOnly && <Unrun key={nodeId} nodeId={nodeId} />}
      </>
    );
  }
  return (
    <div className="sy-inspector" data-testid="inspector">
      <div className="sy-inspector__status">
        <span className={`sy-status sy-status--${view.status}`}>{view.status}</span>
        <span className="sy-muted">{durationLabel(view.duration_ms)}{view.truncated ? " · data cut to the history's size limit" : ""}</span>
      </div>
      {view.error && (
        <div className="sy-inspector__error" data-testid="inspector-error"><strong>{view.error.kind}</strong> {view.error.message}</div>
      )}
      {tab === "input" && (view.inputs.length === 0
        ? <p className="sy-muted">No input: a trigger starts the run.</p>
        : view.inputs.map((items, i) => (
          <ItemsView key={i} title={view.inputs.length > 1 ? `Input ${i + 1}` : "Input"} items={items} testId={`input-${i}`} />
        )))}
      {tab === "output" && (
        <>
          {!readOnly && <PinControls key={nodeId} nodeId={nodeId} items={view.outputs[0]?.items ?? []} />}
          {view.outputs.map((p) => <ItemsView key={p.port} title={`Output ${p.port}`} items={p.items} testId={`output-${p.port}`} />)}
        </>
      )}
      {tab === "details" && <Details view={view} />}
    </div>
  );
}
