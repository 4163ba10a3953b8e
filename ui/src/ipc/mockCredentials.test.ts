import { describe, expect, it } from "vitest";
import { addMockCredential, MOCK_CREDENTIALS, renameMockCredential } from "./mockCredentials";

const list = () => MOCK_CREDENTIALS.map((c) => ({ ...c }));

describe("mock credentials", () => {
  it("refuses an OAuth credential without a refresh token, pointing at Sign in", () => {
    expect(() => addMockCredential(list(), { id: "portal", type: "hubspot.oauth", fields: { client_id: "c", client_secret: "s" } }))
      .toThrow(expect.objectContaining({ message: expect.stringContaining("Sign in with HubSpot") }) as Error);
  });

  it("renames the label and keeps the id; an empty label takes it away", () => {
    const credentials = list();
    expect(renameMockCredential(credentials, "crm-token", " CRM ")).toEqual({ id: "crm-token", type: "http.bearer", label: "CRM" });
    expect(renameMockCredential(credentials, "crm-token", "")).toEqual({ id: "crm-token", type: "http.bearer" });
    expect(credentials.find((c) => c.id === "crm-token")).toEqual({ id: "crm-token", type: "http.bearer" });
    expect(() => renameMockCredential(credentials, "no-such", "x")).toThrow(expect.objectContaining({ kind: "not_found" }) as Error);
  });
});
