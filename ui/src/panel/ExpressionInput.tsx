// A text field that highlights `{{ expressions }}` as you type.
import { Fragment } from "react";

interface Props {
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  invalid?: boolean;
  label: string;
}

/** The text split into plain runs and `{{ … }}` runs. */
export function splitExpressions(text: string): { text: string; expr: boolean }[] {
  const parts: { text: string; expr: boolean }[] = [];
  let rest = text;
  while (rest.length > 0) {
    const open = rest.indexOf("{{");
    if (open < 0) { parts.push({ text: rest, expr: false }); break; }
    if (open > 0) parts.push({ text: rest.slice(0, open), expr: false });
    const close = rest.indexOf("}}", open + 2);
    const end = close < 0 ? rest.length : close + 2;
    parts.push({ text: rest.slice(open, end), expr: true });
    rest = rest.slice(end);
  }
  return parts;
}

export function ExpressionInput({ value, onChange, placeholder, invalid, label }: Props) {
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
    </div>
  );
}
