import type { Schemas, Task } from "../../api/client";

export interface BoardFilters {
  assignee: string; // user id, "none" for unassigned, "" for any
  label: string;
  type: string;
  milestone: string;
}

export const noFilters: BoardFilters = { assignee: "", label: "", type: "", milestone: "" };

/** The column a task stands in: its workflow status, else the first status of its base status's key. */
export function columnOf(task: Task, statuses: Schemas["WorkflowStatus"][]): string {
  if (task.workflowStatus && statuses.some((s) => s.key === task.workflowStatus)) return task.workflowStatus;
  return statuses.find((s) => s.key === task.status)?.key ?? statuses.find((s) => s.category === task.status)?.key ?? statuses[0]!.key;
}

export function matches(task: Task, f: BoardFilters): boolean {
  if (f.assignee === "none" ? task.assignee : f.assignee && task.assignee !== f.assignee) return false;
  if (f.label && !(task.labels ?? []).some((l) => l.toLowerCase() === f.label.toLowerCase())) return false;
  if (f.type && task.type !== f.type) return false;
  if (f.milestone && task.milestoneId !== f.milestone) return false;
  return true;
}

const priorityRank: Record<string, number> = { urgent: 0, high: 1, medium: 2, low: 3 };

/** Tasks per column in board order: filtered, then by priority, then due date, then creation. */
export function columns(tasks: Task[], statuses: Schemas["WorkflowStatus"][], filters: BoardFilters): Map<string, Task[]> {
  const out = new Map<string, Task[]>(statuses.map((s) => [s.key, []]));
  for (const task of tasks) if (matches(task, filters)) out.get(columnOf(task, statuses))!.push(task);
  for (const list of out.values())
    list.sort(
      (a, b) =>
        (priorityRank[a.priority] ?? 9) - (priorityRank[b.priority] ?? 9) ||
        (a.dueDate ?? "9999").localeCompare(b.dueDate ?? "9999") ||
        a.createdAt.localeCompare(b.createdAt),
    );
  return out;
}

/** A project event from the hub, as docs/protocol.md describes it. */
export interface ProjectEvent {
  id: string;
  type: string;
  projectId: string;
  actorId: string | null;
  data: Task;
}

/** Applies a live task event: creates and updates replace by id unless what we hold is newer; deletes remove. */
export function applyTaskEvent(tasks: Task[], event: ProjectEvent): Task[] {
  const task = event.data;
  if (event.type === "task.deleted") return tasks.filter((t) => t.id !== task.id);
  const index = tasks.findIndex((t) => t.id === task.id);
  if (index < 0) return [...tasks, task];
  if (Number(tasks[index]!.version) > Number(task.version)) return tasks;
  const next = tasks.slice();
  next[index] = task;
  return next;
}

/** The labels in use, for the filter (first spelling wins, as the server does). */
export function labelsOf(tasks: Task[]): string[] {
  const seen = new Map<string, string>();
  for (const t of tasks) for (const l of t.labels ?? []) if (!seen.has(l.toLowerCase())) seen.set(l.toLowerCase(), l);
  return [...seen.values()].sort((a, b) => a.localeCompare(b));
}
