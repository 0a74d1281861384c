import { describe, expect, it } from "vitest";
import { fieldLabel, formatDay, humanize, ifMatch, isOverdue } from "./labels";
import { displayName, initials } from "../features/users/directory";

describe("labels", () => {
  it("humanizes snake_case enumerations", () => {
    expect(humanize("in_progress")).toBe("In progress");
    expect(humanize("on_hold")).toBe("On hold");
    expect(humanize(null)).toBe("");
  });
  it("names history fields in words", () => {
    expect(fieldLabel("WorkflowStatus")).toBe("Workflow status");
    expect(fieldLabel("dueDate")).toBe("Due date");
    expect(fieldLabel("name")).toBe("Name");
  });
  it("formats days in UTC whatever the local zone", () => {
    expect(formatDay("2027-03-12")).toBe("12 Mar 2027");
    expect(formatDay(null)).toBe("");
  });
  it("calls a due date before today overdue", () => {
    expect(isOverdue("2027-03-11", "2027-03-12")).toBe(true);
    expect(isOverdue("2027-03-12", "2027-03-12")).toBe(false);
    expect(isOverdue(null, "2027-03-12")).toBe(false);
  });
  it("quotes versions for If-Match", () => {
    expect(ifMatch(7)).toBe('"7"');
  });
  it("names users, or says unassigned", () => {
    const byId = { u1: { id: "u1", name: "Ada Lovelace" } } as never;
    expect(displayName(byId, "u1")).toBe("Ada Lovelace");
    expect(displayName(byId, null)).toBe("Unassigned");
    expect(displayName(byId, "abcdefghij")).toBe("User abcdef");
    expect(initials("Ada Lovelace")).toBe("AL");
  });
});
