import { describe, expect, it } from "vitest";
import { fieldErrors, problemMessage, unwrap } from "./problems";

describe("problemMessage", () => {
  it("prefers a field's own message over the generic detail", () => {
    expect(problemMessage({ detail: "The request is invalid.", errors: { name: ["'name' is required."] } })).toBe("'name' is required.");
  });
  it("uses the detail, then the title, then the fallback", () => {
    expect(problemMessage({ title: "Conflict", detail: "Changed by someone else." })).toBe("Changed by someone else.");
    expect(problemMessage({ title: "Not found" })).toBe("Not found");
    expect(problemMessage(undefined, "Nope")).toBe("Nope");
    expect(problemMessage("plain words")).toBe("plain words");
  });
});

describe("fieldErrors", () => {
  it("maps each field to its joined messages, camelCased", () => {
    expect(fieldErrors({ errors: { Email: ["taken", "too long"], "statuses[2].key": ["bad"] } })).toEqual({
      email: "taken too long",
      "statuses[2].key": "bad",
    });
  });
  it("is empty without errors", () => {
    expect(fieldErrors({ title: "x" })).toEqual({});
  });
});

describe("unwrap", () => {
  it("returns the data of a success and throws the problem of a failure", () => {
    expect(unwrap({ data: 5, response: new Response(null, { status: 200 }) })).toBe(5);
    expect(() => unwrap({ error: { title: "Gone" }, response: new Response(null, { status: 404 }) })).toThrow();
    try {
      unwrap({ error: { title: "Gone" }, response: new Response(null, { status: 404 }) });
    } catch (e) {
      expect(e).toEqual({ title: "Gone" });
    }
  });
});
