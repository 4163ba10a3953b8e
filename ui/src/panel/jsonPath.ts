// The `{{ $json… }}` expression that reads one key path of an item: dotted steps for identifiers,
// brackets for anything else (`$json["first name"]`, `$json.tags[0]`).

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `$json` followed by the path's steps. */
export function jsonPathOf(path: readonly (string | number)[]): string {
  return "$json" + path.map((step) =>
    typeof step === "number" ? `[${step}]` : IDENTIFIER.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`).join("");
}

/** The expression a dragged key drops into a field. */
export function expressionFor(path: readonly (string | number)[]): string {
  return `{{ ${jsonPathOf(path)} }}`;
}
