// `{{ expression }}` runs in a field's text.

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
