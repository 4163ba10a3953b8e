import { beforeEach, describe, expect, it, vi } from "vitest";
import { getWorkspace, openWorkflow, saveWorkflow } from "../ipc";
import { askYesNo, pickSavePath, pickWorkflowToOpen } from "../ipc/dialogs";
import { emptyDocument } from "../store/edit";
import { resetWorkflow, useWorkflow } from "../store/workflow";
import { useWorkspace } from "../store/workspace";
import { loadCatalog } from "../test/catalog";
import { newWorkflow, openPath, openWithDialog, save, saveAs } from "./actions";

vi.mock("../ipc", () => ({
  getWorkspace: vi.fn(), openWorkflow: vi.fn(), saveWorkflow: vi.fn(), setWorkspace: vi.fn(),
}));
vi.mock("../ipc/dialogs", () => ({
  askYesNo: vi.fn(), pickFolder: vi.fn(), pickSavePath: vi.fn(), pickWorkflowToOpen: vi.fn(),
}));

const s = () => useWorkflow.getState();
const workspace = { folder: "/w", files: [] };
const other = { ...emptyDocument("other"), name: "Other" };

function edit(): void {
  s().edit((d) => ({ ...d, name: "Leads" }));
}

beforeEach(() => {
  vi.resetAllMocks();
  loadCatalog();
  resetWorkflow();
  useWorkspace.getState().update(workspace);
  vi.mocked(getWorkspace).mockResolvedValue(workspace);
  vi.mocked(saveWorkflow).mockResolvedValue("{}");
  vi.mocked(openWorkflow).mockResolvedValue(other);
});

describe("saving", () => {
  it("asks where when the document has no file, suggesting <folder>/<id>.flow.json", async () => {
    edit();
    vi.mocked(pickSavePath).mockResolvedValue("/w/leads");
    await save();
    expect(pickSavePath).toHaveBeenCalledWith("/w/untitled.flow.json");
    expect(saveWorkflow).toHaveBeenCalledWith("/w/leads.flow.json", s().doc);
    expect(s().path).toBe("/w/leads.flow.json");
    expect(s().doc).toBe(s().saved);
    expect(getWorkspace).toHaveBeenCalled();
  });

  it("writes nothing when the save dialog is cancelled", async () => {
    vi.mocked(pickSavePath).mockResolvedValue(null);
    await save();
    expect(saveWorkflow).not.toHaveBeenCalled();
    expect(s().path).toBeNull();
  });

  it("saves to the document's file without asking", async () => {
    s().load(other, "/w/other.flow.json");
    await save();
    expect(pickSavePath).not.toHaveBeenCalled();
    expect(saveWorkflow).toHaveBeenCalledWith("/w/other.flow.json", other);
  });

  it("save as asks even when the document has a file", async () => {
    s().load(other, "/w/other.flow.json");
    vi.mocked(pickSavePath).mockResolvedValue("/w/copy.flow.json");
    await saveAs();
    expect(pickSavePath).toHaveBeenCalledWith("/w/other.flow.json");
    expect(s().path).toBe("/w/copy.flow.json");
  });

  it("keeps edits made while saving as unsaved", async () => {
    s().load(other, "/w/other.flow.json");
    edit();
    const written = s().doc;
    vi.mocked(saveWorkflow).mockImplementation(async () => { s().edit((d) => ({ ...d, name: "Later" })); return "{}"; });
    await save();
    expect(s().saved).toBe(written);
    expect(s().doc).not.toBe(s().saved);
  });

  it("reports a failed save with the host's message", async () => {
    s().load(other, "/w/other.flow.json");
    vi.mocked(saveWorkflow).mockRejectedValue({ kind: "io", message: "disk full", problems: [] });
    await save();
    expect(s().notice).toEqual({ text: "Could not save /w/other.flow.json: disk full", kind: "error" });
    expect(getWorkspace).not.toHaveBeenCalled();
  });
});

describe("replacing an edited document", () => {
  it("keeps it when the user says no", async () => {
    edit();
    vi.mocked(askYesNo).mockResolvedValue(false);
    await openWithDialog();
    await openPath("/w/other.flow.json");
    await newWorkflow();
    expect(askYesNo).toHaveBeenCalledWith("Discard unsaved changes to Leads?");
    expect(pickWorkflowToOpen).not.toHaveBeenCalled();
    expect(openWorkflow).not.toHaveBeenCalled();
    expect(s().doc.name).toBe("Leads");
  });

  it("discards it when the user says yes", async () => {
    edit();
    vi.mocked(askYesNo).mockResolvedValue(true);
    vi.mocked(pickWorkflowToOpen).mockResolvedValue("/w/other.flow.json");
    await openWithDialog();
    expect(pickWorkflowToOpen).toHaveBeenCalledWith("/w");
    expect(s().doc).toBe(other);
    expect(s().path).toBe("/w/other.flow.json");
  });

  it("does not ask when nothing is edited", async () => {
    await openPath("/w/other.flow.json");
    expect(askYesNo).not.toHaveBeenCalled();
    expect(s().doc).toBe(other);
  });

  it("reports a file that cannot be opened and keeps the document", async () => {
    vi.mocked(openWorkflow).mockRejectedValue({ kind: "not_found", message: "no such file", problems: [] });
    await openPath("/w/gone.flow.json");
    expect(s().notice?.text).toBe("Could not open /w/gone.flow.json: no such file");
    expect(s().path).toBeNull();
  });
});
