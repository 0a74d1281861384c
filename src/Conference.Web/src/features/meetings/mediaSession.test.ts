import { describe, expect, it } from 'vitest';
import { MediaSession, type MediaSignaling } from './mediaSession';

/** Just enough of RTCPeerConnection for the negotiation order: what was offered, with which options. */
class FakePeer {
  offers: (RTCOfferOptions | undefined)[] = [];
  closed = false;
  localDescription: { type: string; sdp: string } | null = null;
  onicecandidate: ((e: { candidate: { candidate: string } | null }) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  ontrack: unknown = null;
  ondatachannel: unknown = null;
  connectionState = 'new';
  createDataChannel() { return { readyState: 'connecting' }; }
  async createOffer(options?: RTCOfferOptions) { this.offers.push(options); return { type: 'offer', sdp: `offer ${this.offers.length}` }; }
  async createAnswer() { return { type: 'answer', sdp: 'answer' }; }
  async setLocalDescription(d: { type: string; sdp: string }) { this.localDescription = d; }
  async setRemoteDescription() {}
  getTransceivers() { return []; }
  getReceivers() { return []; }
  close() { this.closed = true; }
}

function arrange() {
  const calls: string[] = [];
  const signaling: MediaSignaling = {
    publishTrack: async () => { throw new Error('not used'); },
    unpublishTrack: async () => {},
    setMuted: async () => { throw new Error('not used'); },
    publishOffer: async (sdp) => { calls.push(`PublishOffer ${sdp}`); return 'v=0'; },
    publisherCandidate: async (c) => { calls.push(`PublisherCandidate ${c}`); },
    subscribe: async () => { calls.push('Subscribe'); return { sdp: 'v=0', revision: 1 }; },
    subscriberAnswer: async (revision) => { calls.push(`SubscriberAnswer ${revision}`); },
    subscriberCandidate: async () => {},
  };
  const peers: FakePeer[] = [];
  const errors: string[] = [];
  const session = new MediaSession(signaling, {}, {
    onRemoteTracks: () => {}, onData: () => {}, onState: () => {}, onError: (m) => errors.push(m),
  }, () => { const peer = new FakePeer(); peers.push(peer); return peer as unknown as RTCPeerConnection; });
  return { session, calls, peers, errors };
}

describe('MediaSession.move (mediaMoved)', () => {
  it('restarts ICE on the publisher connection, holds its new candidates for the answer, and replaces the subscriber', async () => {
    const { session, calls, peers, errors } = arrange();
    await session.publish(null, { audio: false, video: false });
    await session.subscribe();
    const [publisher, firstSubscriber] = peers;
    calls.length = 0;

    const moving = session.move();
    publisher.onicecandidate?.({ candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host' } });
    await moving;

    expect(publisher.offers).toEqual([undefined, { iceRestart: true }]);
    expect(firstSubscriber.closed).toBe(true);
    expect(peers).toHaveLength(3);
    expect(calls).toEqual(['PublishOffer offer 2', 'PublisherCandidate candidate:1 1 udp 1 127.0.0.1 5000 typ host', 'Subscribe', 'SubscriberAnswer 1']);
    expect(errors).toEqual([]);
  });
});
