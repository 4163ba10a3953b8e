// "Listen for a test event" on a webhook trigger: which node listens, where to send the request,
// and how the listening ended. One listening at a time, as the host allows.
import { create } from "zustand";
import type { TestListening } from "../ipc/types";

export type ListenPhase = "idle" | "starting" | "listening" | "received" | "ended" | "failed";

interface TestListenState {
  nodeId: string | null;
  phase: ListenPhase;
  /** Where the host listens, while it does. */
  listening: TestListening | null;
  /** Why the listening ended (`timeout`, `stopped`, `replaced`), or why it could not start. */
  note: string | null;
  starting: (nodeId: string) => void;
  listens: (listening: TestListening) => void;
  received: () => void;
  ended: (reason: string) => void;
  failed: (message: string) => void;
  reset: () => void;
}

const IDLE = { nodeId: null, phase: "idle" as const, listening: null, note: null };

export const useTestListen = create<TestListenState>((set) => ({
  ...IDLE,
  starting: (nodeId) => set({ nodeId, phase: "starting", listening: null, note: null }),
  listens: (listening) => set({ nodeId: listening.node_id, phase: "listening", listening, note: null }),
  received: () => set({ phase: "received", listening: null, note: null }),
  ended: (reason) => set({ phase: "ended", listening: null, note: reason }),
  failed: (message) => set({ phase: "failed", listening: null, note: message }),
  reset: () => set(IDLE),
}));

/** The sentence for a listening that ended without an event. */
export function endedText(reason: string | null): string {
  switch (reason) {
    case "timeout": return "Stopped listening (timed out).";
    case "stopped": return "Stopped listening.";
    case "replaced": return "Stopped listening (another listening took over).";
    default: return reason ? `Stopped listening (${reason}).` : "Stopped listening.";
  }
}

/** A ready-to-paste request for the test URL: JSON body for methods that carry one. */
export function curlExample(url: string, method: string): string {
  const upper = method.toUpperCase();
  if (upper === "GET" || upper === "DELETE") return `curl -X ${upper} '${url}?email=ada@example.com'`;
  return `curl -X ${upper} -H 'content-type: application/json' -d '{"email":"ada@example.com"}' ${url}`;
}
