import { describe, expect, it } from 'vitest';
import { MeetingCall, type CallDependencies } from './meetingCall';
import type { MediaHandlers, MediaSession } from './mediaSession';
import type { RoomEvent } from './protocol';
import type { HubPort } from './signaling';
import { joined, message, participant } from './testFixtures';

/** A hub that answers from a table and lets the test push events and drop the connection. */
class FakeHub implements HubPort {
  calls: { method: string; args: unknown[] }[] = [];
  private handlers = new Map<string, (...args: unknown[]) => void>();
  private reconnecting: (() => void)[] = [];
  private reconnected: (() => void)[] = [];
  constructor(private readonly answers: Record<string, (...args: unknown[]) => unknown>) {}
  invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    this.calls.push({ method, args });
    try {
      return Promise.resolve(this.answers[method]?.(...args) as T);
    } catch (e) {
      return Promise.reject(e);
    }
  }
  on(method: string, handler: (...args: unknown[]) => void) { this.handlers.set(method, handler); }
  onreconnecting(callback: () => void) { this.reconnecting.push(callback); }
  onreconnected(callback: () => void) { this.reconnected.push(callback); }
  onclose() {}
  start() { return Promise.resolve(); }
  stop() { return Promise.resolve(); }
  emit(event: RoomEvent) { this.handlers.get(event.type)?.(event); }
  drop() { this.reconnecting.forEach((c) => c()); }
  restore() { this.reconnected.forEach((c) => c()); }
  methods() { return this.calls.map((c) => c.method); }
}

function fakeMedia() {
  const media = {
    offers: [] as number[],
    sent: [] as string[],
    handlers: null as MediaHandlers | null,
    closed: false,
    publish: async () => {},
    subscribe: async () => {},
    applyOffer: async (offer: { revision: number }) => { media.offers.push(offer.revision); },
    sendData: (text: string) => { media.sent.push(text); return true; },
    stats: async () => ({ publisher: null, subscriber: null }),
    setMuted: async () => {},
    close: () => { media.closed = true; },
  };
  return media;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function arrange(answers: Record<string, (...args: unknown[]) => unknown> = {}) {
  const hub = new FakeHub({
    Join: () => joined('p1', [participant('p1', 'ada', 'Ada'), participant('p2', 'bob', 'Bob')]),
    Resume: () => joined('p1', [participant('p1', 'ada', 'Ada'), participant('p2', 'bob', 'Bob')]),
    ...answers,
  });
  const media = fakeMedia();
  const deps: CallDependencies = {
    createMedia: (_signaling, _config, handlers) => {
      media.handlers = handlers;
      return media as unknown as MediaSession;
    },
    now: () => 1_000,
    qualityEveryMs: 60_000,
  };
  const call = new MeetingCall(hub, undefined, deps);
  return { hub, media, call };
}

const join = (call: MeetingCall) => call.join({ roomId: 'r', selfUserId: 'ada', stream: null, muted: { audio: false, video: false } });

describe('MeetingCall', () => {
  it('joins, then answers the SFU offers through the media session', async () => {
    const { hub, media, call } = arrange();
    await join(call);
    hub.emit({ roomId: 'r', type: 'subscriberOffer', offer: { sdp: 'v=0', revision: 2 } });

    expect(hub.methods()).toEqual(['Join']);
    expect(call.store.getState().phase).toBe('in_call');
    expect(media.offers).toEqual([2]);
    await call.leave();
  });

  it('shows reconnecting, then resumes the same participant and fetches the chat it missed', async () => {
    const { hub, call } = arrange({ MessagesSince: () => [message(2), message(3)] });
    await join(call);
    hub.emit({ roomId: 'r', type: 'chatMessage', message: message(1) });

    hub.drop();
    const during = call.store.getState().phase;
    hub.restore();
    await flush();

    expect(during).toBe('reconnecting');
    expect(hub.calls.find((c) => c.method === 'Resume')?.args).toEqual(['r', 'p1']);
    expect(hub.calls.find((c) => c.method === 'MessagesSince')?.args).toEqual(['1']);
    expect(call.store.getState().phase).toBe('in_call');
    expect(call.store.getState().messages.map((m) => m.sequence)).toEqual([1, 2, 3]);
    await call.leave();
  });

  it('keeps what the room said while the Join was being answered (events after the snapshot can come before the answer)', async () => {
    const camera = { trackId: 't2', kind: 'video', source: 'camera', muted: false, publishedAt: '2026-12-06T10:00:01Z' } as const;
    let arranged: ReturnType<typeof arrange> | null = null;
    arranged = arrange({
      Join: () => {
        // The answer's snapshot was taken before Bob published his camera; the event overtakes the answer.
        arranged!.hub.emit({ roomId: 'r', type: 'trackPublished', participantId: 'p2', track: camera });
        return joined('p1', [participant('p1', 'ada', 'Ada'), participant('p2', 'bob', 'Bob')]);
      },
    });
    const { call } = arranged;
    await join(call);

    expect(call.store.getState().participants.p2.tracks).toEqual([camera]);
    await call.leave();
  });

  it('keeps what the room said while the Resume was being answered', async () => {
    let arranged: ReturnType<typeof arrange> | null = null;
    arranged = arrange({
      Resume: () => {
        arranged!.hub.emit({ roomId: 'r', type: 'participantLeft', participantId: 'p2' });
        arranged!.hub.emit({ roomId: 'r', type: 'participantJoined', participantId: 'p3', participant: participant('p3', 'cy', 'Cy') });
        return joined('p1', [participant('p1', 'ada', 'Ada'), participant('p2', 'bob', 'Bob')]);
      },
    });
    const { hub, call } = arranged;
    await join(call);
    hub.drop();
    hub.restore();
    await flush();

    expect(call.store.getState().phase).toBe('in_call');
    expect(Object.keys(call.store.getState().participants).sort()).toEqual(['p1', 'p3']);
    await call.leave();
  });

  it('fails with a message when the room no longer knows the participant', async () => {
    const { hub, media, call } = arrange({ Resume: () => { throw new Error("Participant 'p1' was not found."); } });
    await join(call);
    hub.drop();
    hub.restore();
    await flush();

    expect(call.store.getState().phase).toBe('failed');
    expect(call.store.getState().error).toContain('was not found');
    expect(media.closed).toBe(true);
  });

  it('fills a gap in the chat as soon as it sees one', async () => {
    const { hub, call } = arrange({ MessagesSince: () => [message(2)] });
    await join(call);
    hub.emit({ roomId: 'r', type: 'chatMessage', message: message(1) });
    hub.emit({ roomId: 'r', type: 'chatMessage', message: message(3) });
    await flush();

    expect(call.store.getState().messages.map((m) => m.sequence)).toEqual([1, 2, 3]);
    await call.leave();
  });

  it('raises hands and reacts over the data channel, both ways', async () => {
    const { media, call } = arrange();
    await join(call);
    call.raiseHand(true);
    call.react('👏');
    media.handlers!.onData('p2', '{"type":"hand","raised":true}');
    media.handlers!.onData('p2', '{"type":"reaction","emoji":"🎉"}');
    media.handlers!.onData('p2', 'garbage');

    const state = call.store.getState();
    expect(media.sent.map((t) => JSON.parse(t))).toEqual([{ type: 'hand', raised: true }, { type: 'reaction', emoji: '👏' }]);
    expect(state.participants.p1.handRaised).toBe(true);
    expect(state.participants.p2.handRaised).toBe(true);
    expect(state.reactions.map((r) => [r.participantId, r.emoji])).toEqual([['p1', '👏'], ['p2', '🎉']]);
    await call.leave();
  });

  it('leaves the call and closes the media', async () => {
    const { hub, media, call } = arrange();
    await join(call);
    await call.leave();

    expect(hub.methods()).toEqual(['Join', 'Leave']);
    expect(media.closed).toBe(true);
    expect(call.store.getState().phase).toBe('left');
  });
});
