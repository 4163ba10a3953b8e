import { describe, expect, it } from "vitest";
import { emptyDocument } from "../store/edit";
import { displayName, windowTitle } from "./title";

describe("title", () => {
  it("names a document by its name, or its id when the name is blank", () => {
    expect(displayName({ ...emptyDocument("leads"), name: "Lead routing" })).toBe("Lead routing");
    expect(displayName({ ...emptyDocument("leads"), name: "  " })).toBe("leads");
    expect(displayName({ ...emptyDocument("leads"), name: undefined })).toBe("leads");
  });

  it("marks an edited document in the window title", () => {
    expect(windowTitle("Lead routing", false)).toBe("Lead routing — Switchyard");
    expect(windowTitle("Lead routing", true)).toBe("• Lead routing — Switchyard");
  });
});
