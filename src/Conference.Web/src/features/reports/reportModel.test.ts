import { describe, expect, it } from "vitest";
import { statusCounts } from "./reportModel";

describe("statusCounts", () => {
  const statuses = [{ key: "todo", name: "To do" }, { key: "qa", name: "QA" }, { key: "done", name: "Done" }] as never;
  it("follows the board order and prefers workflow statuses, zero for missing ones", () => {
    const report = { byStatus: { todo: 9 }, byWorkflowStatus: { todo: 2, qa: "3" } } as never;
    expect(statusCounts(report, statuses)).toEqual([
      { key: "todo", name: "To do", count: 2 },
      { key: "qa", name: "QA", count: 3 },
      { key: "done", name: "Done", count: 0 },
    ]);
  });
  it("falls back to base statuses", () => {
    expect(statusCounts({ byStatus: { done: 4 } } as never, statuses)[2]!.count).toBe(4);
  });
});
