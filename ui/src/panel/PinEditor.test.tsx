import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WorkflowDocument } from "../ipc/types";
import { emptyDocument } from "../store/edit";
import { resetWorkflow, useWorkflow } from "../store/workflow";
import { loadCatalog } from "../test/catalog";
import { Inspector } from "./Inspector";
import { parsePinned } from "./PinEditor";

describe("parsePinned", () => {
  it("reads an array of objects, and the empty array", () => {
    expect(parsePinned('[{"email": "a@b.c"}, {}]')).toEqual({ items: [{ email: "a@b.c" }, {}] });
    expect(parsePinned("[]")).toEqual({ items: [] });
  });

  it("refuses what is not an array", () => {
    expect(parsePinned('{"email": "a@b.c"}').error).toBe("Pinned data must be a JSON array of items, not an object.");
    expect(parsePinned("3").error).toBe("Pinned data must be a JSON array of items, not a number.");
    expect(parsePinned("null").error).toBe("Pinned data must be a JSON array of items, not null.");
  });

  it("names the item that is not an object", () => {
    expect(parsePinned('[{}, "x"]').error).toMatch(/^Item 2 is not an object \(it is a string\)/);
    expect(parsePinned("[{}, {}, [1]]").error).toMatch(/^Item 3 is not an object \(it is an array\)/);
    expect(parsePinned("[null]").error).toMatch(/^Item 1 is not an object \(it is null\)/);
  });

  it("reports malformed JSON with the parser's message and position", () => {
    const { error, items } = parsePinned('[\n  {"a": 1,}\n]');
    expect(items).toBeUndefined();
    expect(error).toMatch(/^Not valid JSON: /);
    expect(error).toMatch(/position \d+/);
  });
});

const PINNED = [{ body: { email: "ada@example.com" } }];

function docWith(pinned?: WorkflowDocument["pinned"]): WorkflowDocument {
  const doc: WorkflowDocument = {
    ...emptyDocument(),
    nodes: [
      { id: "lead", type: "trigger.webhook", name: "Lead", position: [0, 0] },
      { id: "set", type: "data.set", name: "Set", position: [200, 0] },
    ],
    edges: [{ from: "lead", to: "set" }],
  };
  if (pinned) doc.pinned = pinned;
  return doc;
}

const editor = () => screen.getByLabelText<HTMLTextAreaElement>("Pinned data (JSON)");
const pinnedOf = (id: string) => useWorkflow.getState().doc.pinned?.[id];

beforeEach(() => {
  loadCatalog();
  resetWorkflow();
  useWorkflow.getState().load(docWith({ lead: PINNED }), null);
});
afterEach(cleanup);

describe("editing pinned data in the Output tab", () => {
  it("shows the pinned items as pretty JSON; Save changes the document, undo restores it", () => {
    render(<Inspector nodeId="lead" tab="output" />);
    expect(screen.getByTestId("pinned-items")).toBeTruthy();
    fireEvent.click(screen.getByTestId("edit-pin"));
    expect(editor().value).toBe(JSON.stringify(PINNED, null, 2));
    fireEvent.change(editor(), { target: { value: '[{"body": {"email": "edited@example.com"}}, {}]' } });
    fireEvent.click(screen.getByTestId("pin-editor-save"));
    expect(pinnedOf("lead")).toEqual([{ body: { email: "edited@example.com" } }, {}]);
    expect(screen.queryByTestId("pin-editor")).toBeNull();
    useWorkflow.getState().undo();
    expect(pinnedOf("lead")).toEqual(PINNED);
  });

  it("Cancel and Escape leave the document as it was", () => {
    render(<Inspector nodeId="lead" tab="output" />);
    const before = useWorkflow.getState().doc;
    fireEvent.click(screen.getByTestId("edit-pin"));
    fireEvent.change(editor(), { target: { value: "[]" } });
    fireEvent.click(screen.getByTestId("pin-editor-cancel"));
    expect(screen.queryByTestId("pin-editor")).toBeNull();
    fireEvent.click(screen.getByTestId("edit-pin"));
    fireEvent.change(editor(), { target: { value: "[]" } });
    fireEvent.keyDown(editor(), { key: "Escape" });
    expect(screen.queryByTestId("pin-editor")).toBeNull();
    expect(useWorkflow.getState().doc).toBe(before);
    expect(useWorkflow.getState().past).toHaveLength(0);
  });

  it("Ctrl+Enter saves; an empty array pins no items", () => {
    render(<Inspector nodeId="lead" tab="output" />);
    fireEvent.click(screen.getByTestId("edit-pin"));
    fireEvent.change(editor(), { target: { value: "[]" } });
    fireEvent.keyDown(editor(), { key: "Enter", ctrlKey: true });
    expect(pinnedOf("lead")).toEqual([]);
    expect(screen.getByTestId("unpin")).toBeTruthy();
  });

  it("refuses invalid data with the reason and keeps the editor open", () => {
    render(<Inspector nodeId="lead" tab="output" />);
    fireEvent.click(screen.getByTestId("edit-pin"));
    fireEvent.change(editor(), { target: { value: '[{}, "x"]' } });
    fireEvent.click(screen.getByTestId("pin-editor-save"));
    expect(screen.getByTestId("pin-editor-error").textContent).toMatch(/^Item 2 is not an object/);
    expect(pinnedOf("lead")).toEqual(PINNED);
    fireEvent.change(editor(), { target: { value: "[{" } });
    fireEvent.click(screen.getByTestId("pin-editor-save"));
    expect(screen.getByTestId("pin-editor-error").textContent).toMatch(/^Not valid JSON/);
    expect(pinnedOf("lead")).toEqual(PINNED);
  });

  it("sets pinned data on a node that never ran, starting from one empty item", () => {
    render(<Inspector nodeId="set" tab="output" />);
    expect(screen.queryByTestId("edit-pin")).toBeNull();
    fireEvent.click(screen.getByTestId("set-pin"));
    expect(editor().value).toBe("[\n  {}\n]");
    fireEvent.change(editor(), { target: { value: '[{"segment": "small"}]' } });
    fireEvent.click(screen.getByTestId("pin-editor-save"));
    expect(pinnedOf("set")).toEqual([{ segment: "small" }]);
    expect(pinnedOf("lead")).toEqual(PINNED);
    useWorkflow.getState().undo();
    expect(pinnedOf("set")).toBeUndefined();
  });

  it("offers nothing on the other tabs", () => {
    render(<Inspector nodeId="set" tab="input" />);
    expect(screen.queryByTestId("set-pin")).toBeNull();
  });
});
