// One param drawn from its JSON Schema; recursive for lists and nested objects.
import type { JsonSchema, JsonValue } from "../ipc/types";
import { enumValues, isConditionSchema, mainType, resolve } from "../doc/schema";
import { CodeEditor } from "./CodeEditor";
import { ConditionBuilder } from "./ConditionBuilder";
import { ExpressionInput } from "./ExpressionInput";
import { JsonField } from "./JsonField";
import { KeyValueField } from "./KeyValueField";
import { isPlainObject, setKey } from "./objects";

export interface FieldProps {
  name: string;
  schema: JsonSchema;
  root: JsonSchema;
  value: JsonValue | undefined;
  onChange: (value: JsonValue | undefined) => void;
  path: string;
  problems: ReadonlyMap<string, string>;
  required?: boolean;
  nodeType?: string;
}

function humanise(name: string): string {
  const s = name.replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function emptyOf(s: JsonSchema, root: JsonSchema): JsonValue {
  const r = resolve(s, root);
  if (isConditionSchema(r)) return { all: [] };
  switch (mainType(r)) {
    case "object": {
      const out: { [k: string]: JsonValue } = {};
      for (const req of r.required ?? []) {
        const p = r.properties?.[req];
        if (p) out[req] = emptyOf(p, root);
      }
      return out;
    }
    case "array": return [];
    case "number": case "integer": return 0;
    case "boolean": return false;
    default: return enumValues(r)?.[0] ?? "";
  }
}

function Control(props: FieldProps) {
  const { schema, root, value, onChange, path, problems, name } = props;
  const s = resolve(schema, root);
  const invalid = problems.has(path);
  const label = humanise(name);
  if (isConditionSchema(s)) return <ConditionBuilder value={value} path={path} onChange={onChange} />;
  const options = enumValues(s);
  if (options) {
    const current = value === undefined || value === null ? "" : JSON.stringify(value);
    return (
      <select className={`sy-input${invalid ? " is-invalid" : ""}`} aria-label={label} value={current}
        onChange={(e) => onChange(e.target.value === "" ? undefined : (JSON.parse(e.target.value) as JsonValue))}>
        <option value="">{s.default !== undefined && s.default !== null ? `Default (${String(s.default)})` : "—"}</option>
        {options.map((o) => <option key={JSON.stringify(o)} value={JSON.stringify(o)}>{String(o)}</option>)}
      </select>
    );
  }
  const type = mainType(s);
  if (type === "boolean") {
    const checked = typeof value === "boolean" ? value : s.default === true;
    return (
      <label className="sy-switch">
        <input type="checkbox" aria-label={label} checked={checked} onChange={(e) => onChange(e.target.checked)} />
        <span>{checked ? "On" : "Off"}</span>
      </label>
    );
  }
  if (type === "integer" || type === "number") {
    if (typeof value === "string") return <ExpressionInput label={label} value={value} invalid={invalid} onChange={onChange} />;
    return (
      <input className={`sy-input${invalid ? " is-invalid" : ""}`} type="number" aria-label={label}
        value={typeof value === "number" ? value : ""} placeholder={s.default != null ? String(s.default) : ""}
        onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))} />
    );
  }
  if (type === "string") {
    if (name === "code" && props.nodeType === "data.code") {
      return <CodeEditor value={typeof value === "string" ? value : ""} onChange={onChange} />;
    }
    return <ExpressionInput label={label} invalid={invalid} value={typeof value === "string" ? value : ""}
      placeholder={s.default != null ? String(s.default) : ""} onChange={(t) => onChange(t === "" && !props.required ? undefined : t)} />;
  }
  if (type === "array" && s.items) {
    const items = Array.isArray(value) ? value : [];
    const itemSchema = s.items;
    return (
      <div className="sy-list">
        {items.map((item, i) => (
          <div key={i} className="sy-list__item">
            <div className="sy-list__head">
              <span>{humanise(name).replace(/s$/, "")} {i + 1}</span>
              <button className="sy-icon-btn" title="Remove" onClick={() => onChange(items.filter((_, j) => j !== i))}>×</button>
            </div>
            <Control {...props} name={`${name} ${i + 1}`} schema={itemSchema} value={item} path={`${path}[${i}]`}
              onChange={(v) => onChange(items.map((x, j) => (j === i ? (v ?? null) : x)))} />
          </div>
        ))}
        <button className="sy-link-btn" data-testid={`add-${path}`} onClick={() => onChange([...items, emptyOf(itemSchema, root)])}>
          + Add {humanise(name).replace(/s$/, "").toLowerCase()}
        </button>
      </div>
    );
  }
  if (type === "object" && s.properties) {
    const obj = isPlainObject(value) ? value : {};
    const order = Object.keys(s.properties);
    return (
      <div className="sy-fieldset">
        {Object.entries(s.properties).map(([key, sub]) => (
          <SchemaField key={key} {...props} name={key} schema={sub} value={obj[key]} path={`${path}.${key}`}
            required={s.required?.includes(key)} onChange={(v) => onChange(setKey(obj, key, v, order))} />
        ))}
      </div>
    );
  }
  if (type === "object") {
    return <KeyValueField label={label} value={isPlainObject(value) ? value : {}} onChange={onChange} />;
  }
  return <JsonField label={label} value={value} invalid={invalid} onChange={onChange} />;
}

export function SchemaField(props: FieldProps) {
  const s = resolve(props.schema, props.root);
  const problem = props.problems.get(props.path);
  return (
    <div className={`sy-field${problem ? " has-problem" : ""}`} data-field={props.path}>
      <div className="sy-field__label">
        {humanise(props.name)}{props.required && <span className="sy-required">*</span>}
      </div>
      <Control {...props} />
      {problem && <div className="sy-field__error" role="alert">{problem}</div>}
      {s.description && !problem && !isConditionSchema(s) && <div className="sy-field__help">{s.description.split("\n")[0]}</div>}
    </div>
  );
}
