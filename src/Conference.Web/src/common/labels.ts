/** Words for the API's snake_case enumerations: "in_progress" → "In progress". */
export function humanize(value: string | null | undefined): string {
  if (!value) return "";
  const words = value.replace(/_/g, " ");
  return words[0]!.toUpperCase() + words.slice(1);
}

/** A date (YYYY-MM-DD) as a short local day, e.g. "12 Mar 2027". */
export function formatDay(date: string | null | undefined): string {
  if (!date) return "";
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!)).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/** A timestamp as local date and time. */
export function formatTime(at: string): string {
  return new Date(at).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
}

/** Whether a due date (YYYY-MM-DD) is before today (UTC), as the server's "overdue" counts it. */
export function isOverdue(due: string | null | undefined, today = new Date().toISOString().slice(0, 10)): boolean {
  return Boolean(due) && due! < today;
}

/** The version of a resource as the If-Match header wants it. */
export function ifMatch(version: number | string): string {
  return `"${version}"`;
}

/** A field name from the history ("WorkflowStatus", "dueDate") in words: "Workflow status", "Due date". */
export function fieldLabel(field: string): string {
  return humanize(field.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase());
}
