import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startRun } from "../ipc/runs";
import { listenForTestEvent, onTestEventReceived, onTestListenEnded, stopTestListen } from "../ipc/testEvents";
import type { TestEventReceived, TestListenEnded } from "../ipc/types";
import { followTestEvents } from "../runs/testEvents";
import { useRun } from "../store/run";
import { useTestListen } from "../store/testListen";
import { resetWorkflow, useWorkflow } from "../store/workflow";
import { loadCatalog } from "../test/catalog";
import { TestEventPanel } from "./TestEventPanel";

vi.mock("../ipc/testEvents", () => ({
  listenForTestEvent: vi.fn(), stopTestListen: vi.fn(), onTestEventReceived: vi.fn(), onTestListenEnded: vi.fn(),
}));
vi.mock("../ipc/runs", () => ({ startRun: vi.fn(), getRun: vi.fn(), cancelRun: vi.fn(), rerun: vi.fn(), onRunProgress: vi.fn() }));

const URL = "http://127.0.0.1:8787/webhook-test/lead";
const ITEM = { method: "POST", path: "/webhook-test/lead", headers: {}, query: {}, body: { email: "ada@example.com" } };
let received: (e: TestEventReceived) => void;
let ended: (e: TestListenEnded) => void;
let unfollow: () => void;

beforeEach(async () => {
  loadCatalog();
  resetWorkflow();
  useWorkflow.getState().addNode("trigger.webhook", [0, 0]);
  useRun.getState().clear();
  vi.mocked(onTestEventReceived).mockImplementation((h) => { received = h; return Promise.resolve(() => undefined); });
  vi.mocked(onTestListenEnded).mockImplementation((h) => { ended = h; return Promise.resolve(() => undefined); });
  vi.mocked(listenForTestEvent).mockResolvedValue({ node_id: "webhook", url: URL, method: "POST", timeout_ms: 120000 });
  vi.mocked(startRun).mockResolvedValue({ run_id: "run-1" });
  vi.mocked(stopTestListen).mockResolvedValue(true);
  unfollow = await followTestEvents();
});
afterEach(() => {
  unfollow();
  cleanup();
  vi.clearAllMocks();
  useTestListen.getState().reset();
});

async function listen(): Promise<void> {
  render(<TestEventPanel nodeId="webhook" />);
  fireEvent.click(screen.getByTestId("listen-test-event"));
  await screen.findByTestId("test-event-waiting");
}

describe("TestEventPanel", () => {
  it("shows the test URL, the method and a curl example while it waits", async () => {
    await listen();
    expect(listenForTestEvent).toHaveBeenCalledWith(useWorkflow.getState().doc, "webhook");
    expect(screen.getByTestId("test-event-url").textContent).toBe(URL);
    expect(screen.getByText(/Send a POST request to/)).toBeTruthy();
    expect(screen.getByTestId("test-event-curl").textContent)
      .toBe(`curl -X POST -H 'content-type: application/json' -d '{"email":"ada@example.com"}' ${URL}`);
    expect(screen.getByText("Waiting for a test event…")).toBeTruthy();
  });

  it("runs the workflow as Run once does, with the received item as the trigger's", async () => {
    await listen();
    act(() => received({ node_id: "webhook", item: ITEM }));
    await screen.findByTestId("test-event-received");
    expect(screen.queryByTestId("test-event-waiting")).toBeNull();
    expect(startRun).toHaveBeenCalledWith({
      doc: useWorkflow.getState().doc, path: undefined, selection: { kind: "whole" }, dry_run: false, trigger_items: [ITEM],
    });
  });

  it("ignores another node's event", async () => {
    await listen();
    act(() => received({ node_id: "other", item: ITEM }));
    expect(screen.getByTestId("test-event-waiting")).toBeTruthy();
    expect(startRun).not.toHaveBeenCalled();
  });

  it("says why the listening ended", async () => {
    await listen();
    act(() => ended({ node_id: "webhook", reason: "timeout" }));
    expect((await screen.findByTestId("test-listen-ended")).textContent).toBe("Stopped listening (timed out).");
  });

  it("stops listening on Stop", async () => {
    await listen();
    fireEvent.click(screen.getByTestId("stop-test-listen"));
    expect((await screen.findByTestId("test-listen-ended")).textContent).toBe("Stopped listening.");
    expect(stopTestListen).toHaveBeenCalledTimes(1);
  });

  it("shows the host's refusal", async () => {
    vi.mocked(listenForTestEvent).mockRejectedValue({ kind: "not_found", message: "the app takes no webhooks", problems: [] });
    render(<TestEventPanel nodeId="webhook" />);
    fireEvent.click(screen.getByTestId("listen-test-event"));
    expect((await screen.findByTestId("test-listen-error")).textContent).toBe("the app takes no webhooks");
  });
});
