import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { addCredential, listCredentials, listCredentialTypes, removeCredential, renameCredential, usageToday } from "../ipc";
import { askYesNo } from "../ipc/dialogs";
import { cancelSignIn, onSignInFinished, startSignIn } from "../ipc/signIn";
import type { CredentialSummary, CredentialType, SignInFinished } from "../ipc/types";
import { useCatalog } from "../store/catalog";
import { CredentialsScreen } from "./CredentialsScreen";
import { useCredentialsUi } from "./store";

vi.mock("../ipc", () => ({
  addCredential: vi.fn(), listCredentials: vi.fn(), listCredentialTypes: vi.fn(), removeCredential: vi.fn(),
  renameCredential: vi.fn(), testCredential: vi.fn(), usageToday: vi.fn(),
}));
vi.mock("../ipc/dialogs", () => ({ askYesNo: vi.fn() }));
vi.mock("../ipc/signIn", () => ({ startSignIn: vi.fn(), cancelSignIn: vi.fn(), onSignInFinished: vi.fn() }));

const TYPES: CredentialType[] = [
  { type: "http.bearer", fields: [{ name: "token", required: true, secret: true, kind: "text" }] },
  { type: "hubspot.oauth", fields: [
    { name: "client_id", required: true, secret: false, kind: "text" },
    { name: "client_secret", required: true, secret: true, kind: "text" },
    { name: "refresh_token", required: false, secret: true, kind: "text" },
    { name: "redirect_port", required: false, secret: false, kind: "port" },
  ] },
];
let stored: CredentialSummary[];
let signInFinished: (event: SignInFinished) => void;

beforeEach(() => {
  stored = [];
  vi.mocked(onSignInFinished).mockImplementation((handler) => {
    signInFinished = handler;
    return Promise.resolve(() => undefined);
  });
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

  it("renames a row's label in place: Enter saves, Escape cancels", async () => {
    stored = [{ id: "crm", type: "http.bearer", label: "Old" }];
    vi.mocked(renameCredential).mockImplementation((id, label) => {
      stored = [{ id, type: "http.bearer", label }];
      return Promise.resolve(stored[0] as CredentialSummary);
    });
    render(<CredentialsScreen />);
    const row = await screen.findByTestId("credential-crm");
    fireEvent.click(within(row).getByRole("button", { name: "Rename" }));
    fireEvent.keyDown(within(row).getByLabelText("Label of crm"), { key: "Escape" });
    expect(within(row).queryByLabelText("Label of crm")).toBeNull();
    expect(useCredentialsUi.getState().open).toBe(true);
    fireEvent.click(within(row).getByRole("button", { name: "Rename" }));
    const input = within(row).getByLabelText("Label of crm");
    expect((input as HTMLInputElement).value).toBe("Old");
    fireEvent.change(input, { target: { value: " Sales (EU) " } });
    fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() => expect(row.textContent).toContain("http.bearer · Sales (EU)"));
    expect(renameCredential).toHaveBeenCalledWith("crm", "Sales (EU)");
    expect(within(row).queryByLabelText("Label of crm")).toBeNull();
  });
});

describe("Sign in", () => {
  const STARTED = {
    id: "portal", authorization_url: "https://app.hubspot.com/oauth/authorize?client_id=c", redirect_uri: "http://localhost:8791/",
    browser_opened: false,
  };

  async function fillOauth(): Promise<void> {
    render(<CredentialsScreen />);
    fireEvent.change(await screen.findByLabelText("Credential type"), { target: { value: "hubspot.oauth" } });
    fireEvent.change(screen.getByLabelText("Credential id"), { target: { value: "portal" } });
    fireEvent.change(screen.getByLabelText("client_id"), { target: { value: "c" } });
    fireEvent.change(screen.getByLabelText("client_secret"), { target: { value: "s3cret" } });
    fireEvent.change(screen.getByLabelText("redirect_port"), { target: { value: "0" } });
  }

  it("signs in: waits for the browser with the link and the redirect URL, then lists the credential", async () => {
    vi.mocked(startSignIn).mockResolvedValue(STARTED);
    await fillOauth();
    expect((screen.getByRole("button", { name: "Save credential" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Sign in with HubSpot" }));
    const link = await screen.findByTestId("sign-in-link");
    expect(startSignIn).toHaveBeenCalledWith({
      id: "portal", type: "hubspot.oauth", env: "production", fields: { client_id: "c", client_secret: "s3cret", redirect_port: 0 },
    });
    expect(link.getAttribute("href")).toBe(STARTED.authorization_url);
    expect(link.getAttribute("target")).toBe("_blank");
    expect(screen.getByText("Waiting for the browser…")).toBeTruthy();
    expect(screen.getByTestId("sign-in-redirect").textContent).toBe("Register this redirect URL in your HubSpot app: http://localhost:8791/");
    stored = [{ id: "portal", type: "hubspot.oauth" }];
    act(() => signInFinished({ id: "portal", ok: true, message: "Connected portal to HubSpot." }));
    expect((await screen.findByTestId("sign-in-result")).textContent).toBe("Connected portal to HubSpot.");
    await screen.findByTestId("credential-portal");
    expect(screen.queryByTestId("sign-in-waiting")).toBeNull();
    expect((screen.getByLabelText("Credential id") as HTMLInputElement).value).toBe("");
    expect(document.body.innerHTML).not.toContain("s3cret");
  });

  it("shows a refused sign-in as the form's error and keeps what was typed", async () => {
    vi.mocked(startSignIn).mockResolvedValue(STARTED);
    await fillOauth();
    fireEvent.click(screen.getByRole("button", { name: "Sign in with HubSpot" }));
    await screen.findByTestId("sign-in-link");
    act(() => signInFinished({ id: "other", ok: false, message: "not mine" }));
    act(() => signInFinished({ id: "portal", ok: false, message: "HubSpot refused the code (BAD_CLIENT_ID)" }));
    expect((await screen.findByTestId("credential-error")).textContent).toBe("HubSpot refused the code (BAD_CLIENT_ID)");
    expect((screen.getByLabelText("Credential id") as HTMLInputElement).value).toBe("portal");
    expect(screen.queryByTestId("sign-in-waiting")).toBeNull();
  });

  it("cancels a sign-in", async () => {
    vi.mocked(startSignIn).mockResolvedValue(STARTED);
    vi.mocked(cancelSignIn).mockResolvedValue(true);
    await fillOauth();
    fireEvent.click(screen.getByRole("button", { name: "Sign in with HubSpot" }));
    await screen.findByTestId("sign-in-link");
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await screen.findByRole("button", { name: "Sign in with HubSpot" });
    expect(cancelSignIn).toHaveBeenCalledWith("portal");
  });

  it("saves without signing in once a refresh token is pasted", async () => {
    await fillOauth();
    fireEvent.change(screen.getByLabelText("refresh_token"), { target: { value: "r-1" } });
    expect((screen.getByRole("button", { name: "Save credential" }) as HTMLButtonElement).disabled).toBe(false);
  });
});
