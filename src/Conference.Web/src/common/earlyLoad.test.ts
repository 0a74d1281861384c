import { describe, expect, it, vi } from "vitest";
import { earlyLoad } from "./earlyLoad";

describe("a load started before its screen", () => {
  it("is handed over once, while fresh and for the same key", async () => {
    const load = vi.fn(async (key: string) => `${key} #${load.mock.calls.length}`);
    const early = earlyLoad(load, 10_000);
    await early.prefetch("a", 0);
    early.prefetch("a", 5); // under way already: not loaded twice
    expect(load).toHaveBeenCalledTimes(1);
    expect(await early.take("a", 100)).toBe("a #1");
    expect(await early.take("a", 200)).toBe("a #2"); // taken once: a reload loads anew
    await early.prefetch("b", 0);
    expect(await early.take("b", 10_000)).toBe("b #4"); // too old: loaded anew
  });

  it("gives an answer that is already here to the first render, once", async () => {
    let answer!: (value: string) => void;
    const early = earlyLoad(() => new Promise<string>((resolve) => (answer = resolve)));
    const settled = early.prefetch("a");
    expect(early.ready("a")).toBeUndefined(); // not here yet: the screen loads (and takes the one under way)
    answer("tasks");
    await settled;
    expect(early.ready("b")).toBeUndefined();
    expect(early.ready("a")).toBe("tasks");
    expect(early.ready("a")).toBeUndefined(); // taken
  });

  it("drops a failed load, and its promise still settles", async () => {
    const load = vi.fn(async () => {
      if (load.mock.calls.length === 1) throw new Error("401");
      return "fresh";
    });
    const early = earlyLoad(load);
    await expect(early.prefetch("a")).resolves.toBeUndefined();
    expect(early.ready("a")).toBeUndefined();
    expect(await early.take("a")).toBe("fresh");
  });
});
