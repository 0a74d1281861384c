import { describe, expect, it } from "vitest";
import { timelineOf } from "./timeline";

const m = (id: string, startDate: string | null, dueDate: string | null) => ({ id, startDate, dueDate }) as never;

describe("timelineOf", () => {
  it("spans from the earliest to the latest date and places each bar in percent", () => {
    const t = timelineOf([m("a", "2027-01-01", "2027-01-11"), m("b", "2027-01-06", "2027-01-21"), m("c", null, null)]);
    expect(t.range).toEqual({ from: "2027-01-01", to: "2027-01-21" });
    expect(t.bars.a).toEqual({ left: 0, width: 50 });
    expect(t.bars.b).toEqual({ left: 25, width: 75 });
    expect(t.bars.c).toBeUndefined();
  });
  it("has no range without dates", () => {
    expect(timelineOf([m("a", null, null)]).range).toBeNull();
  });
});
