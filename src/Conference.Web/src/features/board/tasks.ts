import { api, type Schemas, type Task } from "../../api/client";
import { unwrap } from "../../api/problems";
import { ifMatch } from "../../common/labels";
import { earlyLoad } from "../../common/earlyLoad";

export type TaskChanges = Partial<Schemas["TaskInput"]>;

/** Every task of a project (all pages). */
export async function loadTasks(projectId: string): Promise<Task[]> {
  const all: Task[] = [];
  let cursor: string | undefined;
  do {
    // The list also answers text/csv (export); as JSON it is a page.
    const page = unwrap(await api.GET("/api/projects/{id}/tasks", { params: { path: { id: projectId }, query: { limit: 200, cursor } } })) as Schemas["PageOfTaskItem"];
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** A load of a project's tasks started early (at start-up, or by the project page while it loads the project). */
const early = earlyLoad(loadTasks);

/** Starts loading the project's tasks now, for the board about to open (settles with the load, never fails). */
export const prefetchTasks = (projectId: string): Promise<void> => early.prefetch(projectId);

/** The board's load: the early one when it is for this project and recent (taken once), else a new one. */
export const boardTasks = (projectId: string, now = Date.now()): Promise<Task[]> => early.take(projectId, now);

/** The early load's tasks when they are already here (taken once): the board renders them at once. */
export const readyTasks = (projectId: string): Task[] | undefined => early.ready(projectId);

/**
 * A JSON merge patch of the named fields, conditional on the version the user saw (If-Match): a change someone
 * else made first answers 412 instead of being overwritten.
 */
export async function patchTask(task: Pick<Task, "id" | "version">, changes: TaskChanges): Promise<Task> {
  return unwrap(
    await api.PATCH("/api/tasks/{id}", {
      params: { path: { id: task.id } },
      // The document types the patch as the full input; a merge patch names only what changes.
      body: changes as Schemas["TaskInput"],
      headers: { "if-match": ifMatch(task.version) },
    }),
  );
}

export function isConflict(error: unknown): boolean {
  return (error as { status?: number } | undefined)?.status === 412;
}

/** Whether two task lists hold the same tasks at the same versions (a fetch that brings nothing new). */
export function sameTasks(a: Task[], b: Task[]): boolean {
  if (a.length !== b.length) return false;
  const versions = new Map(a.map((t) => [t.id, Number(t.version)]));
  return b.every((t) => versions.get(t.id) === Number(t.version));
}
