// The list of `$json` keys under an expression field; a click accepts one.
interface Props {
  suggestions: string[];
  active: number;
  onAccept: (key: string) => void;
}

export function ExpressionSuggestions({ suggestions, active, onAccept }: Props) {
  if (suggestions.length === 0) return null;
  return (
    <ul className="sy-expr__suggestions" role="listbox" aria-label="Keys of the input item" data-testid="expr-suggestions">
      {suggestions.map((key, i) => (
        <li key={key} role="option" aria-selected={i === active} className={i === active ? "is-active" : ""}
          onMouseDown={(e) => e.preventDefault()} onClick={() => onAccept(key)}>{key}</li>
      ))}
    </ul>
  );
}
