// A text field that highlights `{{ expressions }}` as you type and, after a run, previews the
// value for the node's first input item, suggests its `$json` keys and takes keys dragged from
// the Input table.
import { Fragment, useLayoutEffect, useRef, useState, type SyntheticEvent } from "react";
import { ExpressionSuggestions } from "./ExpressionSuggestions";
import { splitExpressions } from "./expressions";
import { previewExpression } from "./preview";
import { useCompletion } from "./useCompletion";
import { useExpressionDrop } from "./useExpressionDrop";
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
  const input = useRef<HTMLInputElement>(null);
  const pendingCaret = useRef<number | null>(null);
  const [focused, setFocused] = useState(false);
  const commit = (text: string, caret: number) => {
    pendingCaret.current = caret;
    onChange(text);
    completion.setCaret(caret);
  };
  const completion = useCompletion(value, item, commit);
  const drop = useExpressionDrop(value, input, commit);
  useLayoutEffect(() => {
    const caret = pendingCaret.current;
    if (caret === null || !input.current) return;
    pendingCaret.current = null;
    input.current.focus();
    input.current.setSelectionRange(caret, caret);
  }, [value]);
  const trackCaret = (e: SyntheticEvent<HTMLInputElement>) => completion.setCaret(e.currentTarget.selectionStart);
  return (
    <div className={`sy-expr${invalid ? " is-invalid" : ""}${drop.over ? " is-drop-target" : ""}`} {...drop.handlers}>
      <div className="sy-expr__backdrop" aria-hidden>
        {splitExpressions(value).map((p, i) => (
          <Fragment key={i}>{p.expr ? <mark>{p.text}</mark> : p.text}</Fragment>
        ))}
        {"\u200b"}
      </div>
      <input ref={input} className="sy-expr__input" value={value} placeholder={placeholder} aria-label={label} spellCheck={false}
        onChange={(e) => { onChange(e.target.value); trackCaret(e); }} onSelect={trackCaret}
        onFocus={() => setFocused(true)} onBlur={() => setFocused(false)}
        onKeyDown={(e) => { completion.onKeyDown(e); }} />
      {focused && <ExpressionSuggestions suggestions={completion.suggestions} active={completion.active} onAccept={completion.accept} />}
      {preview !== null && <div className="sy-expr__preview" title="The value for the first input item of the last run"
        data-testid="expr-preview">= {preview}</div>}
    </div>
  );
}
