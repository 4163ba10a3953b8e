// The page's IPC for browser tests against the real back end: every `invoke` goes over loopback
// HTTP to the bridge (`switchyard-bridge`, which serves this page and dispatches to the same
// commands as the desktop shell), and the bridge's server-sent events are re-emitted as Tauri
// events. Plugin calls that need a person (native dialogs) are answered in the page by
// `answerLocally`, as the mock host does.
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";

type LocalAnswer = (cmd: string, payload: unknown) => { handled: boolean; value?: unknown };

export function installBridgeHost(answerLocally: LocalAnswer): void {
  mockIPC(async (cmd, payload) => {
    const local = answerLocally(cmd, payload);
    if (local.handled) return local.value;
    const response = await fetch(`/invoke/${encodeURIComponent(cmd)}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload ?? {}),
    });
    const body: unknown = await response.json();
    // Rejections carry the back end's CommandError, exactly as Tauri delivers it.
    if (!response.ok) throw body;
    return body;
  }, { shouldMockEvents: true });
  const events = new EventSource("/events");
  events.onmessage = (message: MessageEvent<string>) => {
    const { event, payload } = JSON.parse(message.data) as { event: string; payload: unknown };
    void emit(event, payload);
  };
}
