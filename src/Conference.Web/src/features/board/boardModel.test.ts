import { describe, expect, it } from "vitest";
import type { Task } from "../../api/client";
import { applyTaskEvent, columnOf, columns, labelsOf, matches, noFilters } from "./boardModel";

const statuses = [
  { key: "todo", name: "To do", category: "todo" },
  { key: "in_progress", name: "In progress", category: "in_progress" },
  { key: "in_review", name: "In review", category: "in_progress" },
  { key: "done", name: "Done", category: "done" },
] as never;

function task(id: string, over: Partial<Task> = {}): Task {
  return {
    id, projectId: "p", name: id, description: null, status: "todo", assignee: null, priority: "medium", dueDate: null,
    createdAt: `2027-01-01T00:00:0${id.length}Z`, updatedAt: "", version: 1, type: "task", labels: [], workflowStatus: "todo", ...over,
  } as Task;
}

describe("board model", () => {
  it("puts a task in its workflow status's column, falling back to its base status", () => {
    expect(columnOf(task("a", { workflowStatus: "in_review" }), statuses)).toBe("in_review");
    expect(columnOf(task("a", { workflowStatus: null, status: "done" }), statuses)).toBe("done");
    expect(columnOf(task("a", { workflowStatus: "gone", status: "in_progress" }), statuses)).toBe("in_progress");
  });

  it("filters by assignee (or unassigned), label ignoring case, type and milestone", () => {
    const t = task("a", { assignee: "u1", labels: ["UI"], type: "bug", milestoneId: "m1" });
    expect(matches(t, { ...noFilters, assignee: "u1", label: "ui", type: "bug", milestone: "m1" })).toBe(true);
    expect(matches(t, { ...noFilters, assignee: "none" })).toBe(false);
    expect(matches(task("b"), { ...noFilters, assignee: "none" })).toBe(true);
    expect(matches(t, { ...noFilters, label: "api" })).toBe(false);
    expect(matches(t, { ...noFilters, milestone: "m2" })).toBe(false);
  });

  it("orders a column by priority, then due date", () => {
    const list = columns(
      [task("low", { priority: "low" }), task("urgent", { priority: "urgent" }), task("soon", { dueDate: "2027-01-02" }), task("later", { dueDate: "2027-02-01" })],
      statuses,
      noFilters,
    ).get("todo")!;
    expect(list.map((t) => t.id)).toEqual(["urgent", "soon", "later", "low"]);
  });

  it("applies live events: adds, replaces when newer, keeps a newer local copy, removes on delete", () => {
    let tasks = [task("a", { version: 2 })];
    tasks = applyTaskEvent(tasks, { id: "1", type: "task.created", projectId: "p", actorId: null, data: task("b") });
    expect(tasks.map((t) => t.id)).toEqual(["a", "b"]);
    tasks = applyTaskEvent(tasks, { id: "2", type: "task.updated", projectId: "p", actorId: null, data: task("a", { version: 1, name: "old" }) });
    expect(tasks[0]!.name).toBe("a");
    tasks = applyTaskEvent(tasks, { id: "3", type: "task.updated", projectId: "p", actorId: null, data: task("a", { version: 3, workflowStatus: "done" }) });
    expect(tasks[0]!.workflowStatus).toBe("done");
    tasks = applyTaskEvent(tasks, { id: "4", type: "task.deleted", projectId: "p", actorId: null, data: task("b") });
    expect(tasks.map((t) => t.id)).toEqual(["a"]);
  });

  it("lists labels once, first spelling", () => {
    expect(labelsOf([task("a", { labels: ["UI", "api"] }), task("b", { labels: ["ui"] })])).toEqual(["api", "UI"]);
  });
});
