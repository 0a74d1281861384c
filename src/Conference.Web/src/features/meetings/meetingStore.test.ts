import { describe, expect, it } from 'vitest';
import { addReaction, applyEvent, applyJoin, expire, initialMeetingState, setHand, typingNames, type MeetingState } from './meetingStore';
import type { RoomEvent } from './protocol';
import { joined, message, participant } from './testFixtures';

const ada = participant('p1', 'ada', 'Ada');
const bob = participant('p2', 'bob', 'Bob');

function after(events: RoomEvent[], start: MeetingState = { ...initialMeetingState, ...applyJoin(initialMeetingState, joined('p1', [ada]), 'ada') }, now = 1_000) {
  return events.reduce((state, event) => ({ ...state, ...applyEvent(state, event, now) }), start);
}

const event = (type: RoomEvent['type'], over: Partial<RoomEvent> = {}): RoomEvent => ({ roomId: 'r', type, ...over });

describe('meeting store', () => {
  it('enters the call with the room and its participants', () => {
    const state = { ...initialMeetingState, ...applyJoin(initialMeetingState, joined('p1', [ada, bob]), 'ada') };
    expect(state.phase).toBe('in_call');
    expect(state.selfId).toBe('p1');
    expect(Object.keys(state.participants)).toEqual(['p1', 'p2']);
  });

  it('follows participants joining, dropping, resuming and leaving', () => {
    const s1 = after([event('participantJoined', { participantId: 'p2', participant: bob })]);
    expect(s1.participants.p2.name).toBe('Bob');
    const s2 = after([event('participantDisconnected', { participantId: 'p2' })], s1);
    expect(s2.participants.p2.connected).toBe(false);
    const s3 = after([event('participantResumed', { participantId: 'p2' }), event('activeSpeaker', { participantId: 'p2' })], s2);
    expect(s3.participants.p2.connected).toBe(true);
    expect(s3.activeSpeaker).toBe('p2');
    const s4 = after([event('participantLeft', { participantId: 'p2' })], s3);
    expect(s4.participants.p2).toBeUndefined();
    expect(s4.activeSpeaker).toBeNull();
  });

  it('tracks published, muted and unpublished tracks', () => {
    const track = { trackId: 't1', kind: 'audio' as const, source: 'microphone' as const, muted: false, publishedAt: '' };
    const s1 = after([event('trackPublished', { participantId: 'p1', track }), event('trackMuted', { participantId: 'p1', track: { ...track, muted: true } })]);
    expect(s1.participants.p1.tracks).toEqual([{ ...track, muted: true }]);
    const s2 = after([event('trackUnpublished', { participantId: 'p1', track })], s1);
    expect(s2.participants.p1.tracks).toEqual([]);
  });

  it('shows the recording from the join answer, and follows started and stopped events (a stale stop changes nothing)', () => {
    const first = { id: 'rec1', state: 'recording' as const, startedAt: '', startedBy: 'ada' };
    const late = { ...initialMeetingState, ...applyJoin(initialMeetingState, { ...joined('p2', [ada, bob]), recording: first }, 'bob') };
    expect(late.recording?.id).toBe('rec1');
    expect(after([]).recording).toBeNull();
    const on = after([event('recordingStarted', { recording: first })]);
    expect(on.recording).toEqual(first);
    const stale = after([event('recordingStopped', { recording: { ...first, id: 'rec0', state: 'completed' } })], on);
    expect(stale.recording?.id).toBe('rec1');
    expect(after([event('recordingStopped', { recording: { ...first, state: 'interrupted' } })], on).recording).toBeNull();
  });

  it('keeps a resumed participant raised hand', () => {
    const raised = { ...after([]), ...setHand(after([]), 'p1', true) };
    const resumed = { ...raised, ...applyJoin(raised, joined('p1', [ada]), 'ada') };
    expect(resumed.participants.p1.handRaised).toBe(true);
  });

  it('reads chat while the panel is open, and clears the author typing', () => {
    const typing = after([event('typing', { participantId: 'p2', userId: 'bob' })]);
    expect(typingNames({ ...typing, ...applyEvent(typing, event('participantJoined', { participantId: 'p2', participant: bob }), 0) }, 1_500)).toEqual(['Bob']);
    const closed = after([event('chatMessage', { message: message(1, { author: { userId: 'bob', name: 'Bob' } }) })], typing);
    expect(closed.typing).toEqual({});
    expect(closed.lastReadSequence).toBe(0);
    const open = after([event('chatMessage', { message: message(2) })], { ...closed, chatOpen: true });
    expect(open.lastReadSequence).toBe(2);
  });

  it('ignores its own typing, and expires typing and reactions', () => {
    expect(after([event('typing', { userId: 'ada' })]).typing).toEqual({});
    const s = after([event('typing', { userId: 'bob' })]);
    const withReaction = { ...s, ...addReaction(s, 'p2', '🎉', 1_000, 1) };
    expect(withReaction.reactions).toHaveLength(1);
    expect(expire(withReaction, 2_000)).toEqual({});
    const later = { ...withReaction, ...expire(withReaction, 10_000) };
    expect(later.typing).toEqual({});
    expect(later.reactions).toEqual([]);
  });

  it('ends with the room', () => {
    expect(after([event('roomEnded')]).phase).toBe('ended');
  });
});
