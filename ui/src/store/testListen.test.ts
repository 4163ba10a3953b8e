import { afterEach, describe, expect, it } from "vitest";
import { curlExample, endedText, useTestListen } from "./testListen";

afterEach(() => useTestListen.getState().reset());

describe("curlExample", () => {
  it("posts a JSON body to the test URL", () => {
    expect(curlExample("http://127.0.0.1:8787/webhook-test/lead", "POST"))
      .toBe(`curl -X POST -H 'content-type: application/json' -d '{"email":"ada@example.com"}' http://127.0.0.1:8787/webhook-test/lead`);
  });

  it("sends a GET's data in the query", () => {
    expect(curlExample("http://h/webhook-test/x", "GET")).toBe("curl -X GET 'http://h/webhook-test/x?email=ada@example.com'");
  });
});

describe("endedText", () => {
  it.each([
    ["timeout", "Stopped listening (timed out)."],
    ["stopped", "Stopped listening."],
    ["replaced", "Stopped listening (another listening took over)."],
  ])("says why the listening ended (%s)", (reason, text) => {
    expect(endedText(reason)).toBe(text);
  });
});

describe("useTestListen", () => {
  it("goes from starting to listening to received, forgetting the URL", () => {
    const store = useTestListen.getState();
    store.starting("hook");
    expect(useTestListen.getState()).toMatchObject({ nodeId: "hook", phase: "starting", listening: null });
    const listening = { node_id: "hook", url: "http://h/webhook-test/x", method: "POST", timeout_ms: 120000 };
    store.listens(listening);
    expect(useTestListen.getState()).toMatchObject({ phase: "listening", listening });
    store.received();
    expect(useTestListen.getState()).toMatchObject({ nodeId: "hook", phase: "received", listening: null });
  });

  it("keeps why it ended or failed", () => {
    useTestListen.getState().starting("hook");
    useTestListen.getState().ended("timeout");
    expect(useTestListen.getState()).toMatchObject({ phase: "ended", note: "timeout" });
    useTestListen.getState().failed("the app takes no webhooks");
    expect(useTestListen.getState()).toMatchObject({ phase: "failed", note: "the app takes no webhooks" });
  });
});
