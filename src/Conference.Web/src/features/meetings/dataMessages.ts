// What participants send each other over the room's reliable data channel (docs/protocol.md, Data channels):
// a raised hand and emoji reactions. Small JSON texts; anything else received is ignored.

export const reactionEmojis = ['👍', '👏', '😂', '🎉', '❤️', '😮'] as const;
export type ReactionEmoji = (typeof reactionEmojis)[number];

export type DataMessage = { type: 'hand'; raised: boolean } | { type: 'reaction'; emoji: ReactionEmoji };

export function encodeDataMessage(message: DataMessage): string {
  return JSON.stringify(message);
}

export function decodeDataMessage(text: string): DataMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const data = value as Record<string, unknown>;
  if (data.type === 'hand' && typeof data.raised === 'boolean') return { type: 'hand', raised: data.raised };
  if (data.type === 'reaction' && reactionEmojis.includes(data.emoji as ReactionEmoji))
    return { type: 'reaction', emoji: data.emoji as ReactionEmoji };
  return null;
}
