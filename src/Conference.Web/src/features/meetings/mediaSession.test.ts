import { afterEach, describe, expect, it, vi } from 'vitest';
import { MediaSession, type MediaSignaling, type RemoteTrack } from './mediaSession';

/** Just enough of RTCPeerConnection for the negotiation order: what was offered, with which options. */
class FakePeer {
  offers: (RTCOfferOptions | undefined)[] = [];
  closed = false;
  localDescription: { type: string; sdp: string } | null = null;
  onicecandidate: ((e: { candidate: { candidate: string } | null }) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  ontrack: ((e: unknown) => void) | null = null;
  ondatachannel: unknown = null;
  connectionState = 'new';
  /** What getStats reports: inbound-rtp entries. */
  inbound: Record<string, unknown>[] = [];
  createDataChannel() { return { readyState: 'connecting' }; }
  async createOffer(options?: RTCOfferOptions) { this.offers.push(options); return { type: 'offer', sdp: `offer ${this.offers.length}` }; }
  async createAnswer() { return { type: 'answer', sdp: 'answer' }; }
  async setLocalDescription(d: { type: string; sdp: string }) { this.localDescription = d; }
  async setRemoteDescription() {}
  async getStats() { return new Map(this.inbound.map((s, i) => [String(i), { type: 'inbound-rtp', ...s }])); }
  getTransceivers() { return []; }
  getReceivers() { return []; }
  close() { this.closed = true; }
  /** The browser's `track` event for the section <paramref name="mid"/>. */
  receive(mid: string, kind: string) {
    const track = { kind, id: `${kind}-${Math.random()}` };
    this.ontrack?.({ transceiver: { mid }, track, streams: [] });
    return track;
  }
}

/** A subscriber offer forwarding Ada's camera (track `cam`) in section 0. */
const cameraOffer = 'v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\na=msid:ada cam\r\n';

function arrange() {
  const calls: string[] = [];
  const signaling: MediaSignaling = {
    publishTrack: async () => { throw new Error('not used'); },
    unpublishTrack: async () => {},
    setMuted: async () => { throw new Error('not used'); },
    publishOffer: async (sdp) => { calls.push(`PublishOffer ${sdp}`); return 'v=0'; },
    publisherCandidate: async (c) => { calls.push(`PublisherCandidate ${c}`); },
    subscribe: async () => { calls.push('Subscribe'); return { sdp: cameraOffer, revision: 1 }; },
    subscriberAnswer: async (revision) => { calls.push(`SubscriberAnswer ${revision}`); },
    subscriberCandidate: async () => {},
  };
  const peers: FakePeer[] = [];
  const errors: string[] = [];
  const shown: RemoteTrack[][] = [];
  const session = new MediaSession(signaling, {}, {
    onRemoteTracks: (tracks) => shown.push(tracks), onData: () => {}, onState: () => {}, onError: (m) => errors.push(m),
  }, () => { const peer = new FakePeer(); peers.push(peer); return peer as unknown as RTCPeerConnection; });
  return { session, calls, peers, errors, shown };
}

describe('MediaSession.move (mediaMoved)', () => {
  afterEach(() => vi.useRealTimers());

  it('after a failure restarts ICE on the publisher connection, holds its new candidates for the answer, and subscribes afresh', async () => {
    vi.useFakeTimers();
    const { session, calls, peers, errors } = arrange();
    await session.publish(null, { audio: false, video: false });
    await session.subscribe();
    const [publisher] = peers;
    calls.length = 0;

    const moving = session.move('failure');
    publisher.onicecandidate?.({ candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host' } });
    await moving;

    expect(publisher.offers).toEqual([undefined, { iceRestart: true }]);
    expect(peers).toHaveLength(3);
    expect(calls).toEqual(expect.arrayContaining(['Subscribe', 'SubscriberAnswer 1', 'PublishOffer offer 2']));
    expect(calls.indexOf('PublisherCandidate candidate:1 1 udp 1 127.0.0.1 5000 typ host')).toBeGreaterThan(calls.indexOf('PublishOffer offer 2'));
    expect(errors).toEqual([]);
  });

  it('keeps the old subscriber connection and shows its track until the new connection decodes it (make-before-break)', async () => {
    vi.useFakeTimers();
    const { session, peers, shown } = arrange();
    await session.publish(null, { audio: false, video: false });
    await session.subscribe();
    const oldSubscriber = peers[1];
    const oldCamera = oldSubscriber.receive('0', 'video');
    expect(shown.at(-1)?.map((t) => [t.trackId, t.track])).toEqual([['cam', oldCamera]]);

    await session.move('failure');
    const newSubscriber = peers[2];
    const newCamera = newSubscriber.receive('0', 'video');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(oldSubscriber.closed).toBe(false);
    expect(shown.at(-1)?.map((t) => t.track)).toEqual([oldCamera]); // the new one has not decoded a frame yet

    newSubscriber.inbound = [{ mid: '0', kind: 'video', framesDecoded: 3, packetsReceived: 40 }];
    await vi.advanceTimersByTimeAsync(250);
    expect(oldSubscriber.closed).toBe(true);
    expect(shown.at(-1)?.map((t) => t.track)).toEqual([newCamera]);
  });

  it('in a drain moves the publisher connection only once the new subscriber connection is up', async () => {
    vi.useFakeTimers();
    const { session, calls, peers } = arrange();
    await session.publish(null, { audio: false, video: false });
    await session.subscribe();
    calls.length = 0;

    const moving = session.move('drain');
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toEqual(['Subscribe', 'SubscriberAnswer 1']); // the publisher still sends to the old router
    peers[2].connectionState = 'connected';
    await vi.advanceTimersByTimeAsync(100);
    await moving;
    expect(calls).toEqual(['Subscribe', 'SubscriberAnswer 1', 'PublishOffer offer 2']);
  });

  it('gives up on the old subscriber connection after 15 s', async () => {
    vi.useFakeTimers();
    const { session, peers } = arrange();
    await session.publish(null, { audio: false, video: false });
    await session.subscribe();
    peers[1].receive('0', 'video');
    await session.move('failure');
    await vi.advanceTimersByTimeAsync(14_000);
    expect(peers[1].closed).toBe(false);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(peers[1].closed).toBe(true);
  });
});
