import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { addCredential, listCredentials, listCredentialTypes, removeCredential, usageToday } from "../ipc";
import { askYesNo } from "../ipc/dialogs";
import type { CredentialSummary, CredentialType } from "../ipc/types";
import { useCatalog } from "../store/catalog";
import { CredentialsScreen } from "./CredentialsScreen";
import { useCredentialsUi } from "./store";

vi.mock("../ipc", () => ({
  addCredential: vi.fn(), listCredentials: vi.fn(), listCredentialTypes: vi.fn(), removeCredential: vi.fn(),
  testCredential: vi.fn(), usageToday: vi.fn(),
}));
vi.mock("../ipc/dialogs", () => ({ askYesNo: vi.fn() }));

const TYPES: CredentialType[] = [
  { type: "http.bearer", fields: [{ name: "token", required: true, secret: true, kind: "text" }] },
];
let stored: CredentialSummary[];

beforeEach(() => {
  stored = [];
  vi.mocked(listCredentialTypes).mockResolvedValue(TYPES);
  vi.mocked(listCredentials).mockImplementation(() => Promise.resolve([...stored]));
  vi.mocked(usageToday).mockResolvedValue([]);
  useCatalog.getState().setCredentials([]);
  act(() => useCredentialsUi.getState().show("list"));
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
  useCredentialsUi.getState().close();
});

describe("CredentialsScreen", () => {
  it("saves a credential, clears the secret and refreshes the catalog's credentials", async () => {
    vi.mocked(addCredential).mockImplementation((c) => {
      stored.push({ id: c.id, type: c.type });
      return Promise.resolve({ id: c.id, type: c.type });
    });
    render(<CredentialsScreen />);
    const token = await screen.findByLabelText("token");
    expect(token.getAttribute("type")).toBe("password");
    fireEvent.change(screen.getByLabelText("Credential id"), { target: { value: "crm" } });
    fireEvent.change(token, { target: { value: "s3cret" } });
    fireEvent.click(screen.getByRole("button", { name: "Save credential" }));
    await screen.findByTestId("credential-crm");
    expect(addCredential).toHaveBeenCalledWith({ id: "crm", type: "http.bearer", env: "production", fields: { token: "s3cret" } });
    expect((screen.getByLabelText("token") as HTMLInputElement).value).toBe("");
    expect(document.body.innerHTML).not.toContain("s3cret");
    expect(useCatalog.getState().credentials).toEqual([{ id: "crm", type: "http.bearer" }]);
  });

  it("shows the back end's refusal on the form", async () => {
    vi.mocked(addCredential).mockRejectedValue({ kind: "bad_request", message: "a http.bearer credential needs token: missing token", problems: [] });
    render(<CredentialsScreen />);
    await screen.findByLabelText("token");
    fireEvent.click(screen.getByRole("button", { name: "Save credential" }));
    expect((await screen.findByTestId("credential-error")).textContent).toBe("a http.bearer credential needs token: missing token");
  });

  it("deletes only after a yes", async () => {
    stored = [{ id: "crm", type: "http.bearer" }];
    vi.mocked(removeCredential).mockImplementation(() => {
      stored = [];
      return Promise.resolve(true);
    });
    render(<CredentialsScreen />);
    const row = await screen.findByTestId("credential-crm");
    vi.mocked(askYesNo).mockResolvedValueOnce(false);
    fireEvent.click(row.querySelector(".sy-creds__delete") as HTMLElement);
    await waitFor(() => expect(askYesNo).toHaveBeenCalledTimes(1));
    expect(removeCredential).not.toHaveBeenCalled();
    vi.mocked(askYesNo).mockResolvedValueOnce(true);
    fireEvent.click(row.querySelector(".sy-creds__delete") as HTMLElement);
    await screen.findByTestId("credentials-empty");
    expect(removeCredential).toHaveBeenCalledWith("crm");
  });

  it("shows the usage tab's empty state", async () => {
    render(<CredentialsScreen />);
    fireEvent.click(await screen.findByRole("tab", { name: "Usage" }));
    await screen.findByTestId("usage-empty");
  });
});
