// Reading the catalog's JSON Schemas: resolving `$ref`, and seeing through `X | null`.
import type { JsonSchema, JsonValue } from "../ipc/types";

/** `$ref`s resolved against `root`'s `$defs`, and `anyOf: [X, null]` reduced to X. */
export function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let s = schema;
  for (let guard = 0; guard < 8; guard++) {
    if (s.$ref) {
      const name = s.$ref.replace("#/$defs/", "");
      const target = root.$defs?.[name] ?? {};
      const { $ref: _ignored, ...rest } = s;
      s = { ...target, ...rest };
      continue;
    }
    const options = s.anyOf ?? null;
    if (options) {
      const nonNull = options.filter((o) => o.type !== "null");
      if (nonNull.length === 1 && nonNull[0]) {
        const { anyOf: _ignored, ...rest } = s;
        s = { ...nonNull[0], ...rest };
        continue;
      }
    }
    break;
  }
  return s;
}

/** The schema's main type, ignoring "null". */
export function mainType(s: JsonSchema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== "null");
  return s.type;
}

/** The allowed values of an enum-like schema (`enum`, or `oneOf` of `const`s). */
export function enumValues(s: JsonSchema): JsonValue[] | null {
  if (s.enum) return s.enum;
  if (s.oneOf && s.oneOf.every((o) => o.const !== undefined)) return s.oneOf.map((o) => o.const as JsonValue);
  return null;
}

/** Whether the schema is a condition group (`all` / `any` of comparisons). */
export function isConditionSchema(s: JsonSchema): boolean {
  const p = s.properties;
  return p !== undefined && "all" in p && "any" in p && "op" in p;
}
