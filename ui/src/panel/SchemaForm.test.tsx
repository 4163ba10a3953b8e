import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { JsonObject } from "../ipc/types";
import { lookup } from "../test/catalog";
import { SchemaForm } from "./SchemaForm";

afterEach(cleanup);

function renderForm(type: string, value: JsonObject, problems = new Map<string, string>()) {
  const desc = lookup(type);
  if (!desc) throw new Error(type);
  const onChange = vi.fn<(v: JsonObject) => void>();
  render(<SchemaForm schema={desc.params_schema} value={value} onChange={onChange} problems={problems} nodeType={type} />);
  return onChange;
}

describe("schema form", () => {
  it("draws text, enum and boolean fields and keeps the schema's key order", () => {
    const onChange = renderForm("trigger.webhook", { method: "POST" });
    fireEvent.change(screen.getByLabelText("Path"), { target: { value: "leads" } });
    expect(onChange).toHaveBeenLastCalledWith({ path: "leads", method: "POST" });
    fireEvent.change(screen.getByLabelText("Respond"), { target: { value: JSON.stringify("when_done") } });
    expect(onChange).toHaveBeenLastCalledWith({ method: "POST", respond: "when_done" });
  });

  it("draws numbers and booleans", () => {
    const onChange = renderForm("http.request", { url: "http://127.0.0.1/x" });
    fireEvent.change(screen.getByLabelText("Timeout ms"), { target: { value: "500" } });
    expect(onChange).toHaveBeenLastCalledWith({ url: "http://127.0.0.1/x", timeout_ms: 500 });
    fireEvent.click(screen.getByLabelText("Keep errors"));
    expect(onChange).toHaveBeenLastCalledWith({ url: "http://127.0.0.1/x", keep_errors: true });
  });

  it("edits a list of Switch rules with the condition builder", () => {
    const onChange = renderForm("logic.switch", { rules: [] });
    fireEvent.click(screen.getByText("+ Add rule"));
    expect(onChange).toHaveBeenLastCalledWith({ rules: [{ port: "", when: { all: [] } }] });
  });

  it("builds comparisons with numbers kept as numbers", () => {
    const onChange = renderForm("logic.if", { when: { all: [{ left: "{{ $json.n }}", op: "lt", right: 1 }] } });
    fireEvent.change(screen.getByLabelText("Right"), { target: { value: "50" } });
    expect(onChange).toHaveBeenLastCalledWith({ when: { all: [{ left: "{{ $json.n }}", op: "lt", right: 50 }] } });
    fireEvent.click(screen.getByText("+ Condition"));
    expect(onChange).toHaveBeenLastCalledWith({
      when: { all: [{ left: "{{ $json.n }}", op: "lt", right: 1 }, { left: "", op: "eq", right: "" }] },
    });
  });

  it("edits free keys of an object (data.set fields)", () => {
    const onChange = renderForm("data.set", { fields: { owner: "1" } });
    fireEvent.change(screen.getByLabelText("Fields value"), { target: { value: "2" } });
    expect(onChange).toHaveBeenLastCalledWith({ fields: { owner: "2" } });
  });

  it("shows a field's validation message", () => {
    renderForm("trigger.webhook", {}, new Map([["params.path", "path is required"]]));
    expect(screen.getByRole("alert").textContent).toBe("path is required");
  });

  it("highlights expressions", () => {
    renderForm("trigger.webhook", { path: "a{{ $json.x }}b" });
    expect(document.querySelector(".sy-expr__backdrop mark")?.textContent).toBe("{{ $json.x }}");
  });
});
