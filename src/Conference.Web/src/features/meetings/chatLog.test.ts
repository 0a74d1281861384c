import { describe, expect, it } from 'vitest';
import { lastContiguousId, unreadCount, upsertMessages } from './chatLog';
import { message } from './testFixtures';

describe('chat log', () => {
  it('keeps each message once, in sequence order', () => {
    const log = upsertMessages([message(2)], [message(1), message(3), message(2)]);
    expect(log.map((m) => m.sequence)).toEqual([1, 2, 3]);
  });

  it('applies edits and deletes in place, and never undoes them with an older copy', () => {
    const edited = message(1, { text: 'fixed', editedAt: '2026-12-06T10:01:00Z' });
    const deleted = message(1, { text: '', deleted: true, editedAt: '2026-12-06T10:02:00Z' });
    expect(upsertMessages([message(1)], [edited])[0].text).toBe('fixed');
    expect(upsertMessages([edited], [message(1)])[0].text).toBe('fixed');
    expect(upsertMessages([edited], [deleted])[0].deleted).toBe(true);
    expect(upsertMessages([deleted], [edited])[0].deleted).toBe(true);
  });

  it('continues after the last message before a gap', () => {
    expect(lastContiguousId([message(4), message(5), message(7)])).toBe('5');
    expect(lastContiguousId([])).toBeNull();
  });

  it('counts unread messages by others only', () => {
    const log = [message(1), message(2, { author: { userId: 'me', name: 'Me' } }), message(3), message(4, { deleted: true })];
    expect(unreadCount(log, 1, 'me')).toBe(1);
    expect(unreadCount(log, 0, 'me')).toBe(2);
  });
});
