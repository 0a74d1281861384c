import { beforeEach, describe, expect, it, vi } from "vitest";

const get = vi.fn();
vi.mock("../../api/client", () => ({ api: { GET: (...args: unknown[]) => get(...args) } }));

const { boardTasks, prefetchTasks, sameTasks } = await import("./tasks");

const answer = (names: string[]) => ({ data: { items: names.map((name) => ({ name })), nextCursor: null }, response: new Response(null, { status: 200 }) });

describe("board tasks prefetched by the project page", () => {
  beforeEach(() => get.mockReset());

  it("hands the early load to the board once, then loads anew", async () => {
    get.mockResolvedValueOnce(answer(["early"])).mockResolvedValueOnce(answer(["fresh"]));
    prefetchTasks("p1");
    expect((await boardTasks("p1")).map((t) => t.name)).toEqual(["early"]);
    expect((await boardTasks("p1")).map((t) => t.name)).toEqual(["fresh"]);
    expect(get).toHaveBeenCalledTimes(2);
  });

  it("does not hand over a load for another project or an old one", async () => {
    get.mockResolvedValue(answer(["x"]));
    prefetchTasks("p1");
    await boardTasks("p2");
    prefetchTasks("p1");
    await boardTasks("p1", Date.now() + 60_000);
    expect(get).toHaveBeenCalledTimes(4);
  });
});

describe("sameTasks (the board's catch-up after its watch starts)", () => {
  const task = (id: string, version: number) => ({ id, version }) as unknown as Parameters<typeof sameTasks>[0][number];

  it("is true for the same tasks at the same versions, in any order", () => {
    expect(sameTasks([task("a", 1), task("b", 2)], [task("b", 2), task("a", 1)])).toBe(true);
  });

  it("is false when a task changed, appeared or went", () => {
    expect(sameTasks([task("a", 1)], [task("a", 2)])).toBe(false);
    expect(sameTasks([task("a", 1)], [task("a", 1), task("b", 1)])).toBe(false);
    expect(sameTasks([task("a", 1)], [task("b", 1)])).toBe(false);
  });
});
