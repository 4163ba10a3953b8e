// Builds a condition group: `{all|any: [comparison | group]}` with the spec's operators.
import type { JsonObject, JsonValue } from "../ipc/types";
import { ExpressionInput } from "./ExpressionInput";

export const OPS = ["eq", "ne", "lt", "lte", "gt", "gte", "contains", "not_contains", "starts_with", "ends_with",
  "matches", "in", "exists", "not_exists", "is_empty", "not_empty"] as const;
const UNARY = new Set(["exists", "not_exists", "is_empty", "not_empty"]);

interface Props {
  value: JsonValue | undefined;
  onChange: (value: JsonObject) => void;
  path: string;
  depth?: number;
}

function asObject(v: JsonValue | undefined): JsonObject {
  return v && typeof v === "object" && !Array.isArray(v) ? v : {};
}

/** Text typed into "right" as the JSON value the engine compares: numbers stay numbers. */
export function parseRight(text: string): JsonValue {
  if (text.trim() !== "" && !text.includes("{{") && !Number.isNaN(Number(text))) return Number(text);
  if (text === "true" || text === "false") return text === "true";
  return text;
}

function showRight(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return "";
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function ConditionBuilder({ value, onChange, path, depth = 0 }: Props) {
  const group = asObject(value);
  const mode: "all" | "any" = Array.isArray(group.any) ? "any" : "all";
  const members = (Array.isArray(group[mode]) ? group[mode] : []) as JsonValue[];
  const setMembers = (next: JsonValue[]) => onChange({ [mode]: next });
  const setMember = (i: number, m: JsonValue) => setMembers(members.map((x, j) => (j === i ? m : x)));
  return (
    <div className={`sy-cond sy-cond--depth${depth}`} data-field={path}>
      <div className="sy-cond__head">
        <select aria-label="Match" value={mode} onChange={(e) => onChange({ [e.target.value]: members })}>
          <option value="all">All of these hold</option>
          <option value="any">Any of these holds</option>
        </select>
      </div>
      {members.map((m, i) => {
        const member = asObject(m);
        if ("all" in member || "any" in member) {
          return (
            <div key={i} className="sy-cond__row">
              <ConditionBuilder value={member} path={`${path}.${mode}[${i}]`} depth={depth + 1} onChange={(g) => setMember(i, g)} />
              <button className="sy-icon-btn" title="Remove group" onClick={() => setMembers(members.filter((_, j) => j !== i))}>×</button>
            </div>
          );
        }
        const op = typeof member.op === "string" ? member.op : "eq";
        return (
          <div key={i} className="sy-cond__row sy-cond__cmp">
            <ExpressionInput label="Left" value={showRight(member.left)} placeholder="{{ $json.field }}"
              onChange={(t) => setMember(i, { ...member, left: t })} />
            <select aria-label="Operator" value={op} onChange={(e) => {
              const next: JsonObject = { left: member.left ?? "", op: e.target.value };
              if (!UNARY.has(e.target.value)) next.right = member.right ?? "";
              setMember(i, next);
            }}>
              {OPS.map((o) => <option key={o} value={o}>{o}</option>)}
            </select>
            {!UNARY.has(op) && (
              <ExpressionInput label="Right" value={showRight(member.right)} placeholder="value"
                onChange={(t) => setMember(i, { ...member, right: parseRight(t) })} />
            )}
            <button className="sy-icon-btn" title="Remove condition" onClick={() => setMembers(members.filter((_, j) => j !== i))}>×</button>
          </div>
        );
      })}
      <div className="sy-cond__actions">
        <button className="sy-link-btn" onClick={() => setMembers([...members, { left: "", op: "eq", right: "" }])}>+ Condition</button>
        {depth < 2 && <button className="sy-link-btn" onClick={() => setMembers([...members, { all: [] }])}>+ Group</button>}
      </div>
    </div>
  );
}
