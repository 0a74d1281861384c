import { describe, expect, it } from "vitest";
import { safeNext } from "./safeNext";

describe("safeNext", () => {
  it("keeps paths of this site", () => {
    expect(safeNext("/projects/abc/board?task=1")).toBe("/projects/abc/board?task=1");
  });
  it("refuses other sites and empty values", () => {
    for (const bad of ["//evil.example/x", "https://evil.example", "/\\evil.example", "", null, undefined, "projects"])
      expect(safeNext(bad)).toBe("/projects");
  });
});
