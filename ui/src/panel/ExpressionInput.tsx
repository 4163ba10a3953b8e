// A text field that highlights `{{ expressions }}` as you type and, after a run, previews the
// value for the node's first input item.
import { Fragment } from "react";
import { splitExpressions } from "./expressions";
import { previewExpression } from "./preview";
import { usePreviewItem } from "./usePreviewItem";

interface Props {
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  invalid?: boolean;
  label: string;
}

export function ExpressionInput({ value, onChange, placeholder, invalid, label }: Props) {
  const item = usePreviewItem();
  const preview = item === undefined ? null : previewExpression(value, item);
  return (
    <div className={`sy-expr${invalid ? " is-invalid" : ""}`}>
      <div className="sy-expr__backdrop" aria-hidden>
        {splitExpressions(value).map((p, i) => (
          <Fragment key={i}>{p.expr ? <mark>{p.text}</mark> : p.text}</Fragment>
        ))}
        {"\u200b"}
      </div>
      <input className="sy-expr__input" value={value} placeholder={placeholder} aria-label={label} spellCheck={false}
        onChange={(e) => onChange(e.target.value)} />
      {preview !== null && <div className="sy-expr__preview" title="The value for the first input item of the last run"
        data-testid="expr-preview">= {preview}</div>}
    </div>
  );
}
