// The Runs view's filters as a history query.
import type { RunQuery, RunStatus } from "../ipc/types";

export type Since = "any" | "hour" | "day" | "week";

export interface RunFilters {
  /** The open workflow's id, or null for every workflow. */
  workflowId: string | null;
  status: RunStatus | "any";
  since: Since;
}

const SINCE_MS: Record<Exclude<Since, "any">, number> = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };

export function toQuery(filters: RunFilters, now: number, limit = 100): RunQuery {
  const query: RunQuery = { limit };
  if (filters.workflowId) query.workflow_id = filters.workflowId;
  if (filters.status !== "any") query.status = filters.status;
  if (filters.since !== "any") query.since = new Date(now - SINCE_MS[filters.since]).toISOString();
  return query;
}

/** "14:03:22" today, else "2026-11-28 14:03". */
export function startedLabel(startedAt: string, now: Date): string {
  const at = new Date(startedAt);
  if (Number.isNaN(at.getTime())) return startedAt;
  const pad = (n: number) => String(n).padStart(2, "0");
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  if (at.toDateString() === now.toDateString()) return `${time}:${pad(at.getSeconds())}`;
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${time}`;
}
