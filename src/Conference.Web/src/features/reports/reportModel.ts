import type { Schemas } from "../../api/client";

/** Counts per workflow status in board order (the report's byWorkflowStatus, else its base byStatus). */
export function statusCounts(report: Schemas["ProjectReport"], statuses: Schemas["WorkflowStatus"][]) {
  const source = (report.byWorkflowStatus ?? report.byStatus) as Record<string, number | string>;
  return statuses.map((s) => ({ key: s.key, name: s.name, count: Number(source[s.key] ?? 0) }));
}
