import { describe, expect, it } from "vitest";
import { startedLabel, toQuery } from "./filters";

describe("run history filters", () => {
  const now = Date.parse("2026-03-10T12:00:00Z");

  it("asks for the open workflow's runs, by status and since a time", () => {
    expect(toQuery({ workflowId: "lead-routing", status: "any", since: "any" }, now)).toEqual({ limit: 100, workflow_id: "lead-routing" });
    expect(toQuery({ workflowId: null, status: "failed", since: "hour" }, now, 20))
      .toEqual({ limit: 20, status: "failed", since: "2026-03-10T11:00:00.000Z" });
    expect(toQuery({ workflowId: null, status: "any", since: "week" }, now).since).toBe("2026-03-03T12:00:00.000Z");
  });

  it("shows the time of today's runs and the date of older ones", () => {
    const today = new Date(2026, 2, 10, 15, 0, 0);
    expect(startedLabel(new Date(2026, 2, 10, 9, 5, 7).toISOString(), today)).toBe("09:05:07");
    expect(startedLabel(new Date(2026, 2, 1, 9, 5, 7).toISOString(), today)).toBe("2026-03-01 09:05");
    expect(startedLabel("not a time", today)).toBe("not a time");
  });
});
