import type { ChatMessage } from './protocol';

/** A room's chat as the client holds it: by sequence, each message once, edits and deletes applied in place. */
export function upsertMessages(messages: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  const bySequence = new Map(messages.map((m) => [m.sequence, m]));
  for (const message of incoming) {
    const known = bySequence.get(message.sequence);
    // An older copy never overwrites a newer one (an edit that overtook a resend).
    if (!known || newer(message, known)) bySequence.set(message.sequence, message);
  }
  return [...bySequence.values()].sort((a, b) => a.sequence - b.sequence);
}

function newer(candidate: ChatMessage, known: ChatMessage): boolean {
  if (candidate.deleted !== known.deleted) return candidate.deleted;
  return (candidate.editedAt ?? '') >= (known.editedAt ?? '');
}

/** The id of the last message without a gap before it: what `MessagesSince` continues from after a reconnect. */
export function lastContiguousId(messages: readonly ChatMessage[]): string | null {
  let last: ChatMessage | null = null;
  for (const message of messages) {
    if (last && message.sequence !== last.sequence + 1) break;
    last = message;
  }
  return last?.id ?? null;
}

/** Messages by others the reader has not seen: after the last one read. */
export function unreadCount(messages: readonly ChatMessage[], lastReadSequence: number, ownUserId: string): number {
  return messages.filter((m) => m.sequence > lastReadSequence && m.author.userId !== ownUserId && !m.deleted).length;
}
