import { describe, expect, it } from "vitest";
import { firstScreenModules, loadBoardPage, loadLayout, loadProjectPage, openedBoard } from "./routeModules";

describe("openedBoard", () => {
  it("finds the project of a board or project path", () => {
    expect(openedBoard("/projects/p1/board")).toBe("p1");
    expect(openedBoard("/projects/p1/board/")).toBe("p1");
    expect(openedBoard("/projects/p1")).toBe("p1");
  });

  it("is null for other screens", () => {
    expect(openedBoard("/projects")).toBeNull();
    expect(openedBoard("/projects/p1/roadmap")).toBeNull();
    expect(openedBoard("/signin")).toBeNull();
  });
});

describe("firstScreenModules", () => {
  it("starts the layout, the project page and the board for a board", () => {
    expect(firstScreenModules("/projects/p1/board")).toEqual([loadLayout, loadProjectPage, loadBoardPage]);
  });

  it("starts nothing it does not know", () => {
    expect(firstScreenModules("/projects/p1/reports")).toEqual([]);
    expect(firstScreenModules("/")).toEqual([]);
  });
});
