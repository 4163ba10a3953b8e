// A value of any JSON type: text (with expressions) for strings, JSON text for the rest.
import { useEffect, useState } from "react";
import type { JsonValue } from "../ipc/types";
import { ExpressionInput } from "./ExpressionInput";

interface Props {
  value: JsonValue | undefined;
  onChange: (value: JsonValue | undefined) => void;
  label: string;
  invalid?: boolean;
}

export function JsonField({ value, onChange, label, invalid }: Props) {
  const structured = typeof value === "object" && value !== null;
  const [text, setText] = useState(structured ? JSON.stringify(value, null, 2) : "");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { if (structured) setText(JSON.stringify(value, null, 2)); }, [value, structured]);
  if (!structured) {
    return (
      <div className="sy-json-scalar">
        <ExpressionInput label={label} invalid={invalid} value={value === undefined || value === null ? "" : String(value)}
          onChange={(t) => onChange(t === "" ? undefined : t)} />
        <button className="sy-link-btn" title="Edit as JSON" onClick={() => onChange({})}>{"{ }"}</button>
      </div>
    );
  }
  return (
    <div>
      <textarea className={`sy-json${error || invalid ? " is-invalid" : ""}`} aria-label={label} value={text} spellCheck={false}
        rows={Math.min(12, text.split("\n").length + 1)}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => {
          try {
            onChange(JSON.parse(text) as JsonValue);
            setError(null);
          } catch (e) {
            setError(e instanceof Error ? e.message : "not JSON");
          }
        }} />
      {error && <div className="sy-field__error">{error}</div>}
    </div>
  );
}
