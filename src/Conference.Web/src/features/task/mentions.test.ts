import { describe, expect, it } from "vitest";
import { commentParts, insertMention, mentionAt } from "./mentions";

const id = "abcdefghijklmnopqrstuvwxyz".slice(0, 26);

describe("mentions", () => {
  it("finds the mention being typed before the caret", () => {
    expect(mentionAt("hi @gr", 6)).toEqual({ start: 3, text: "gr" });
    expect(mentionAt("@", 1)).toEqual({ start: 0, text: "" });
    expect(mentionAt("mail a@b", 8)).toBeNull();
    expect(mentionAt("hi @gr there", 12)).toBeNull();
  });

  it("inserts the user id and moves the caret after it", () => {
    const q = mentionAt("hi @gr", 6)!;
    expect(insertMention("hi @gr", q, 6, id)).toEqual({ value: `hi @${id} `, caret: 4 + 26 + 1 });
  });

  it("splits a comment into text and known mentions", () => {
    expect(commentParts(`ping @${id} please`, (x) => x === id)).toEqual([{ text: "ping " }, { mention: id }, { text: " please" }]);
    expect(commentParts(`@${"z".repeat(26)} hi`, () => false)).toEqual([{ text: `@${"z".repeat(26)} hi` }]);
  });
});
