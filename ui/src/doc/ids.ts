// Stable, readable ids: `[a-z0-9][a-z0-9_-]*`, unique within their scope.

/** A slug of `base` (e.g. "logic.switch" → "switch") not in `taken`. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const last = base.split(".").pop() ?? base;
  const slug = last.toLowerCase().replace(/[^a-z0-9_-]+/g, "-").replace(/^[^a-z0-9]+/, "") || "node";
  if (!taken.has(slug)) return slug;
  for (let i = 2; ; i++) {
    const candidate = `${slug}-${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
