// The params form of a node type, drawn from `params_schema`.
import type { JsonObject, JsonSchema } from "../ipc/types";
import { setKey } from "./objects";
import { SchemaField } from "./SchemaField";

interface Props {
  schema: JsonSchema;
  value: JsonObject;
  onChange: (value: JsonObject) => void;
  problems: ReadonlyMap<string, string>;
  nodeType?: string;
}

export function SchemaForm({ schema, value, onChange, problems, nodeType }: Props) {
  const properties = schema.properties ?? {};
  const order = Object.keys(properties);
  if (order.length === 0) return <p className="sy-muted">This node has no settings.</p>;
  return (
    <div className="sy-form">
      {Object.entries(properties).map(([name, sub]) => (
        <SchemaField key={name} name={name} schema={sub} root={schema} value={value[name]} path={`params.${name}`}
          problems={problems} required={schema.required?.includes(name)} nodeType={nodeType}
          onChange={(v) => onChange(setKey(value, name, v, order))} />
      ))}
    </div>
  );
}
