// "Listen for a test event" on a webhook trigger: the app's listener takes one request at
// `/webhook-test/<path>` and sends its item as `test-event-received`, or `test-listen-ended`
// when the listening ends without one.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { COMMANDS } from "./index";
import type { TestEventReceived, TestListenEnded, TestListening, WorkflowDocument } from "./types";

export const TEST_EVENT_RECEIVED = "test-event-received";
export const TEST_LISTEN_ENDED = "test-listen-ended";

/** Starts listening for node `nodeId` (a trigger.webhook), replacing any other listening. */
export function listenForTestEvent(doc: WorkflowDocument, nodeId: string, timeoutMs?: number): Promise<TestListening> {
  const args = timeoutMs === undefined ? { doc, node_id: nodeId } : { doc, node_id: nodeId, timeout_ms: timeoutMs };
  return invoke<TestListening>(COMMANDS.listenForTestEvent, args);
}

/** Resolves to false when nothing was listening. */
export function stopTestListen(): Promise<boolean> {
  return invoke<boolean>(COMMANDS.stopTestListen, {});
}

export function onTestEventReceived(handler: (event: TestEventReceived) => void): Promise<UnlistenFn> {
  return listen<TestEventReceived>(TEST_EVENT_RECEIVED, (e) => handler(e.payload));
}

export function onTestListenEnded(handler: (event: TestListenEnded) => void): Promise<UnlistenFn> {
  return listen<TestListenEnded>(TEST_LISTEN_ENDED, (e) => handler(e.payload));
}
