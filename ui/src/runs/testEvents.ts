// Listening for a webhook trigger's test event: start and stop it, and when the request comes,
// test-run the workflow with its item as Run once would, so the canvas lights up live.
import { describeError } from "../ipc/errors";
import { listenForTestEvent, onTestEventReceived, onTestListenEnded, stopTestListen } from "../ipc/testEvents";
import { useTestListen } from "../store/testListen";
import { useWorkflow } from "../store/workflow";
import { runWithTriggerItem } from "./actions";

export async function startListening(nodeId: string): Promise<void> {
  const store = useTestListen.getState();
  store.starting(nodeId);
  try {
    const listening = await listenForTestEvent(useWorkflow.getState().doc, nodeId);
    // Stopped (or another node asked) while the host answered: keep the latest wish.
    const now = useTestListen.getState();
    if (now.phase !== "starting" || now.nodeId !== nodeId) return;
    now.listens(listening);
  } catch (e) {
    useTestListen.getState().failed(describeError(e));
  }
}

export async function stopListening(): Promise<void> {
  // Shown at once; the host's `test-listen-ended` then finds nothing listening.
  useTestListen.getState().ended("stopped");
  try {
    await stopTestListen();
  } catch (e) {
    useTestListen.getState().failed(describeError(e));
  }
}

/** Feeds the listening's store from the host's events; resolves to the unsubscribe. */
export async function followTestEvents(): Promise<() => void> {
  const received = await onTestEventReceived((event) => {
    const store = useTestListen.getState();
    if (store.phase !== "listening" || store.nodeId !== event.node_id) return;
    store.received();
    void runWithTriggerItem(event.item);
  });
  const ended = await onTestListenEnded((event) => {
    const store = useTestListen.getState();
    if (store.phase !== "listening" || store.nodeId !== event.node_id) return;
    store.ended(event.reason);
  });
  return () => {
    received();
    ended();
  };
}
