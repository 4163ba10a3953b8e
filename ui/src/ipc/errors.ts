// Turns a rejected IPC call into a sentence: the host rejects with a CommandError object.
import type { CommandError, Diagnostic } from "./types";

const SHOWN_PROBLEMS = 3;

function isCommandError(e: unknown): e is CommandError {
  return typeof e === "object" && e !== null && typeof (e as CommandError).message === "string"
    && typeof (e as CommandError).kind === "string";
}

function problemText(p: Diagnostic): string {
  const where = [p.node, p.field].filter(Boolean).join(" ");
  return where ? `${where}: ${p.message}` : p.message;
}

export function describeError(e: unknown): string {
  if (!isCommandError(e)) return e instanceof Error ? e.message : String(e);
  if (e.kind !== "invalid" || e.problems.length === 0) return e.message;
  const shown = e.problems.slice(0, SHOWN_PROBLEMS).map(problemText);
  const more = e.problems.length - shown.length;
  return `${e.message}: ${shown.join("; ")}${more > 0 ? ` (and ${more} more)` : ""}`;
}
