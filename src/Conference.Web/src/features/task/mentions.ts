/** Comments mention people as `@<user id>` (what the server notifies); the app shows `@Name`. */

export interface MentionQuery {
  /** Where the `@` is. */
  start: number;
  /** What was typed after it. */
  text: string;
}

/** The mention being typed just before the caret, if any ("@gr" → { text: "gr" }). */
export function mentionAt(value: string, caret: number): MentionQuery | null {
  const before = value.slice(0, caret);
  const match = /(^|\s)@([\p{L}\p{N}_-]{0,30})$/u.exec(before);
  if (!match) return null;
  return { start: caret - match[2]!.length - 1, text: match[2]! };
}

/** Replaces the mention being typed with `@<id> ` and returns the new text and caret. */
export function insertMention(value: string, query: MentionQuery, caret: number, userId: string): { value: string; caret: number } {
  const inserted = `@${userId} `;
  return { value: value.slice(0, query.start) + inserted + value.slice(caret), caret: query.start + inserted.length };
}

export type CommentPart = { text: string } | { mention: string };

/** Splits a comment into text and mentions of known ids (unknown `@words` stay text). */
export function commentParts(text: string, known: (id: string) => boolean): CommentPart[] {
  const parts: CommentPart[] = [];
  let last = 0;
  for (const m of text.matchAll(/@([a-z0-9]{26})\b/g)) {
    if (!known(m[1]!)) continue;
    if (m.index! > last) parts.push({ text: text.slice(last, m.index) });
    parts.push({ mention: m[1]! });
    last = m.index! + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
