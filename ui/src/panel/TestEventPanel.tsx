// A webhook trigger's "Listen for a test event": the test URL to send a request to (with a curl
// example), a waiting state and Stop; the request's item then test-runs the workflow.
import { CopyButton } from "../chrome/CopyButton";
import { startListening, stopListening } from "../runs/testEvents";
import { curlExample, endedText, useTestListen } from "../store/testListen";

function Waiting({ url, method }: { url: string; method: string }) {
  const curl = curlExample(url, method);
  return (
    <div className="sy-test-event__waiting" data-testid="test-event-waiting">
      <p className="sy-test-event__status"><span className="sy-spinner" aria-hidden="true" /> Waiting for a test event…</p>
      <div className="sy-field__label">Send a {method} request to</div>
      <div className="sy-test-event__url">
        <code data-testid="test-event-url">{url}</code>
        <CopyButton text={url} testId="copy-test-event-url" />
      </div>
      <div className="sy-field__label">For example</div>
      <div className="sy-test-event__url">
        <pre className="sy-test-event__curl" data-testid="test-event-curl">{curl}</pre>
        <CopyButton text={curl} label="Copy curl" />
      </div>
      <button className="sy-btn" onClick={() => void stopListening()} data-testid="stop-test-listen">Stop listening</button>
    </div>
  );
}

export function TestEventPanel({ nodeId }: { nodeId: string }) {
  const state = useTestListen();
  const mine = state.nodeId === nodeId;
  const phase = mine ? state.phase : "idle";
  if (phase === "listening" && state.listening) {
    return (
      <section className="sy-panel__section sy-test-event" aria-label="Test event">
        <Waiting url={state.listening.url} method={state.listening.method} />
      </section>
    );
  }
  return (
    <section className="sy-panel__section sy-test-event" aria-label="Test event">
      <button className="sy-btn sy-btn--primary" disabled={phase === "starting"}
        onClick={() => void startListening(nodeId)} data-testid="listen-test-event">
        {phase === "starting" ? "Starting…" : "Listen for a test event"}
      </button>
      {phase === "received" && (
        <p className="sy-muted" role="status" data-testid="test-event-received">Test event received: the workflow runs with its item.</p>
      )}
      {phase === "ended" && <p className="sy-muted" role="status" data-testid="test-listen-ended">{endedText(state.note)}</p>}
      {phase === "failed" && <div className="sy-inspector__error" role="alert" data-testid="test-listen-error">{state.note}</div>}
      {phase === "idle" && <p className="sy-muted">Get a test URL; the next request to it runs the workflow with its data.</p>}
    </section>
  );
}
