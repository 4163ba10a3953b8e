// The mock host's "Listen for a test event" (see mock.ts): it answers a test URL on the usual
// port; no request ever reaches it (runs need the real back end), so only Stop ends it.
import { emit } from "@tauri-apps/api/event";
import { failure } from "./mockCredentials";
import { TEST_LISTEN_ENDED } from "./testEvents";
import type { TestListening, WorkflowDocument } from "./types";

const TIMEOUT_MS = 120_000;
let listening: string | null = null;

export function mockTestListen(doc: WorkflowDocument, nodeId: string): TestListening {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) throw failure("bad_request", `there is no node "${nodeId}" in the workflow`);
  if (node.type !== "trigger.webhook") {
    throw failure("bad_request", `node "${nodeId}" is a ${node.type}: only a trigger.webhook listens for test events`);
  }
  const params = (node.params ?? {}) as { path?: string; method?: string };
  if (listening !== null) void emit(TEST_LISTEN_ENDED, { node_id: listening, reason: "replaced" });
  listening = nodeId;
  return { node_id: nodeId, url: `http://127.0.0.1:8787/webhook-test/${params.path ?? nodeId}`, method: params.method ?? "POST", timeout_ms: TIMEOUT_MS };
}

export function stopMockTestListen(): boolean {
  if (listening === null) return false;
  void emit(TEST_LISTEN_ENDED, { node_id: listening, reason: "stopped" });
  listening = null;
  return true;
}
