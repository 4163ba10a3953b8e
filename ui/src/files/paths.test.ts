import { describe, expect, it } from "vitest";
import { joinPath, withFlowExtension } from "./paths";

describe("paths", () => {
  it("joins with the folder's own separator", () => {
    expect(joinPath("/home/ana/flows", "a.flow.json")).toBe("/home/ana/flows/a.flow.json");
    expect(joinPath("/home/ana/flows/", "a.flow.json")).toBe("/home/ana/flows/a.flow.json");
    expect(joinPath("C:\\Users\\ana\\flows", "a.flow.json")).toBe("C:\\Users\\ana\\flows\\a.flow.json");
  });

  it("adds .flow.json only when there is no .json extension", () => {
    expect(withFlowExtension("/w/leads")).toBe("/w/leads.flow.json");
    expect(withFlowExtension("/w/leads.flow.json")).toBe("/w/leads.flow.json");
    expect(withFlowExtension("/w/leads.JSON")).toBe("/w/leads.JSON");
  });
});
