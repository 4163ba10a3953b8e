import { beforeEach, describe, expect, it } from "vitest";
import { answerDialog, installDialogQueue } from "./mockDialogs";

beforeEach(installDialogQueue);

describe("the mock host's dialogs", () => {
  it("answers from the queue, in order, and logs every dialog", () => {
    window.__switchyardDialogs?.push("/workspace/a.flow.json", false);
    expect(answerDialog("plugin:dialog|save", { options: {} })).toEqual({ handled: true, value: "/workspace/a.flow.json" });
    expect(answerDialog("plugin:dialog|message", { message: "Discard?", buttons: "YesNo" })).toEqual({ handled: true, value: "No" });
    expect(window.__switchyardDialogLog?.map((d) => d.cmd)).toEqual(["plugin:dialog|save", "plugin:dialog|message"]);
  });

  it("cancels file dialogs and says yes to questions when the queue is empty", () => {
    expect(answerDialog("plugin:dialog|open", { options: {} })).toEqual({ handled: true, value: null });
    expect(answerDialog("plugin:dialog|message", { message: "Sure?", buttons: { OkCancelCustom: ["Discard", "Keep"] } }))
      .toEqual({ handled: true, value: "Discard" });
    expect(answerDialog("plugin:dialog|ask", {})).toEqual({ handled: true, value: true });
  });

  it("leaves the queue alone for a plain message, and ignores other commands", () => {
    window.__switchyardDialogs?.push(false);
    expect(answerDialog("plugin:dialog|message", { message: "Saved" })).toEqual({ handled: true, value: "Ok" });
    expect(window.__switchyardDialogs).toEqual([false]);
    expect(answerDialog("list_catalog", undefined)).toEqual({ handled: false });
  });
});
