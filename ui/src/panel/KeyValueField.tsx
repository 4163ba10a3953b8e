// An object of free keys (headers, fields): rows of key and value.
import type { JsonObject, JsonValue } from "../ipc/types";
import { JsonField } from "./JsonField";

interface Props {
  value: JsonObject;
  onChange: (value: JsonObject) => void;
  label: string;
}

export function KeyValueField({ value, onChange, label }: Props) {
  const entries = Object.entries(value);
  const rebuild = (rows: [string, JsonValue][]) => onChange(Object.fromEntries(rows));
  return (
    <div className="sy-kv" aria-label={label}>
      {entries.map(([k, v], i) => (
        <div key={i} className="sy-kv__row">
          <input className="sy-input sy-kv__key" aria-label={`${label} key`} value={k} placeholder="key"
            onChange={(e) => rebuild(entries.map(([kk, vv], j) => (j === i ? [e.target.value, vv] : [kk, vv])))} />
          <JsonField label={`${label} value`} value={v}
            onChange={(nv) => rebuild(entries.map(([kk, vv], j) => (j === i ? [kk, nv ?? ""] : [kk, vv])))} />
          <button className="sy-icon-btn" title="Remove" onClick={() => rebuild(entries.filter((_, j) => j !== i))}>×</button>
        </div>
      ))}
      <button className="sy-link-btn" onClick={() => {
        let n = entries.length + 1;
        while (`key${n}` in value) n++;
        rebuild([...entries, [`key${n}`, ""]]);
      }}>+ Add</button>
    </div>
  );
}
