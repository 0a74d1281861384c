import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { afterFirstScreen, firstScreenLoad, resetFirstScreen } from "./firstScreen";

describe("work deferred until the first screen is up", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    resetFirstScreen();
    // A browser's frame and idle callbacks, on the fake clock.
    vi.stubGlobal("window", globalThis);
    vi.stubGlobal("requestAnimationFrame", (f: () => void) => setTimeout(f, 16));
    vi.stubGlobal("requestIdleCallback", (f: () => void) => setTimeout(f, 1));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("waits for every first-screen load to render, then a frame and an idle moment", () => {
    const project = firstScreenLoad();
    const tasks = firstScreenLoad();
    const work = vi.fn();
    afterFirstScreen(work);
    project();
    vi.advanceTimersByTime(100);
    expect(work).not.toHaveBeenCalled(); // the tasks are still loading
    tasks();
    tasks(); // twice is once
    expect(work).not.toHaveBeenCalled(); // not before the next frame
    vi.advanceTimersByTime(100);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it("runs at once (after a frame) when the screen is already up, and at the latest after the fallback", () => {
    firstScreenLoad()();
    const late = vi.fn();
    afterFirstScreen(late);
    vi.advanceTimersByTime(100);
    expect(late).toHaveBeenCalledTimes(1);

    resetFirstScreen();
    firstScreenLoad(); // never ends
    const stuck = vi.fn();
    afterFirstScreen(stuck, 3000);
    vi.advanceTimersByTime(2900);
    expect(stuck).not.toHaveBeenCalled();
    vi.advanceTimersByTime(700);
    expect(stuck).toHaveBeenCalledTimes(1);
  });

  it("does nothing once cancelled", () => {
    const load = firstScreenLoad();
    const work = vi.fn();
    const cancel = afterFirstScreen(work);
    cancel();
    load();
    vi.advanceTimersByTime(5000);
    expect(work).not.toHaveBeenCalled();
  });
});
