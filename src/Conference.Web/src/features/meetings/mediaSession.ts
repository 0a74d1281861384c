import type { MediaOffer, PublishedTrack, TrackSource } from './protocol';
import { cameraEncodings, withActiveLayers } from './simulcast';
import { parseSections } from './sdpSections';

/** The hub methods the media connections need (docs/protocol.md, Media negotiation). */
export interface MediaSignaling {
  publishTrack(input: { kind: 'audio' | 'video'; source: TrackSource; muted?: boolean; clientTrackId?: string }): Promise<PublishedTrack>;
  unpublishTrack(trackId: string): Promise<void>;
  setMuted(trackId: string, muted: boolean): Promise<PublishedTrack>;
  publishOffer(sdp: string): Promise<string>;
  publisherCandidate(candidate: string): Promise<void>;
  subscribe(): Promise<MediaOffer>;
  subscriberAnswer(revision: number, sdp: string): Promise<void>;
  subscriberCandidate(candidate: string): Promise<void>;
}

/** A track the SFU forwards to us: whose it is and the room's id for it (from the section's a=msid). */
export interface RemoteTrack {
  mid: string;
  participantId: string;
  trackId: string;
  kind: string;
  track: MediaStreamTrack;
}

export interface MediaHandlers {
  onRemoteTracks(tracks: RemoteTrack[]): void;
  onData(senderParticipantId: string, text: string): void;
  onState(connection: 'publisher' | 'subscriber', state: RTCPeerConnectionState): void;
  onError(message: string): void;
}

interface LocalTrack {
  trackId: string;
  track: MediaStreamTrack;
  sender: RTCRtpSender;
  transceiver: RTCRtpTransceiver;
}

type PeerFactory = (config: RTCConfiguration) => RTCPeerConnection;

/**
 * The two peer connections of one participant, as LiveKit does it: the publisher connection offers our
 * camera, microphone and screen (each announced with PublishTrack before the offer that carries it), and the
 * subscriber connection answers the SFU's offers of the others' tracks, one revision at a time.
 */
export class MediaSession {
  private publisher: RTCPeerConnection | null = null;
  private subscriber: RTCPeerConnection | null = null;
  private readonly local = new Map<TrackSource, LocalTrack>();
  private readonly sections = new Map<string, { participantId: string; trackId: string; removed: boolean }>();
  private readonly received = new Map<string, RemoteTrack>();
  private publisherChain: Promise<void> = Promise.resolve();
  private subscriberChain: Promise<void> = Promise.resolve();
  private reliable: RTCDataChannel | null = null;
  private closed = false;
  /** Camera as three simulcast layers (docs/protocol.md): each subscriber gets the layer its tile and link need. */
  simulcast = true;

  constructor(
    private readonly signaling: MediaSignaling,
    private readonly config: RTCConfiguration,
    private readonly handlers: MediaHandlers,
    private readonly createPeer: PeerFactory = (c) => new RTCPeerConnection(c),
  ) {}

  /** Publishes the tracks of <paramref name="stream"/> (camera and/or microphone) and opens the reliable data channel. */
  async publish(stream: MediaStream | null, muted: { audio: boolean; video: boolean }): Promise<void> {
    const pc = this.createPeer(this.config);
    this.publisher = pc;
    this.watch(pc, 'publisher');
    const ready = this.trickle(pc, (c) => this.signaling.publisherCandidate(c));
    for (const track of stream?.getTracks() ?? []) {
      const source: TrackSource = track.kind === 'audio' ? 'microphone' : 'camera';
      track.enabled = !(track.kind === 'audio' ? muted.audio : muted.video);
      await this.add(pc, track, source, stream!, !track.enabled);
    }
    this.reliable = pc.createDataChannel('reliable');
    await this.negotiate(ready);
  }

  async subscribe(): Promise<void> {
    this.subscriber?.close();
    this.sections.clear();
    this.received.clear();
    this.emitTracks();
    const pc = this.createPeer(this.config);
    this.subscriber = pc;
    this.watch(pc, 'subscriber');
    const ready = this.trickle(pc, (c) => this.signaling.subscriberCandidate(c));
    this.subscriberReady = ready;
    pc.ontrack = (e) => this.onTrack(e);
    pc.ondatachannel = (e) => this.receive(e.channel);
    this.applyOffer(await this.signaling.subscribe());
    await this.subscriberChain;
  }

  private subscriberReady: () => void = () => {};

  /**
   * The room's media moved to a router on another SFU silo (`mediaMoved`): the publisher connection renegotiates
   * there with an ICE restart (same tracks, new ICE credentials; the new router's DTLS fingerprint restarts DTLS),
   * and the subscriber connection is replaced by a fresh one, whose first offer comes from the new router.
   */
  async move(): Promise<void> {
    if (this.closed) return;
    if (this.publisher) {
      // The restart's candidates wait for the new router's answer, as the first ones did.
      const ready = this.trickle(this.publisher, (c) => this.signaling.publisherCandidate(c));
      await this.negotiate(ready, { iceRestart: true });
    }
    await this.subscribe();
  }

  /** Offers are answered in the order they came; the SFU sends the next one after our answer. */
  applyOffer(offer: MediaOffer): Promise<void> {
    const pc = this.subscriber;
    if (!pc) return Promise.resolve();
    this.subscriberChain = this.subscriberChain
      .then(async () => {
        if (this.closed || pc !== this.subscriber) return;
        await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
        for (const section of parseSections(offer.sdp)) {
          if (!section.mid || section.kind === 'application') continue;
          const known = this.sections.get(section.mid);
          // A removed section (port 0) may no longer name its track: keep what it said before.
          this.sections.set(section.mid, {
            participantId: section.participantId ?? known?.participantId ?? '',
            trackId: section.trackId ?? known?.trackId ?? '',
            removed: section.port === 0,
          });
          if (section.port === 0) this.received.delete(section.mid);
        }
        await pc.setLocalDescription(await pc.createAnswer());
        await this.signaling.subscriberAnswer(offer.revision, pc.localDescription!.sdp);
        this.subscriberReady();
        this.bindReceivers();
      })
      .catch((e: unknown) => this.handlers.onError(`Could not apply the media offer ${offer.revision}: ${message(e)}`));
    return this.subscriberChain;
  }

  async shareScreen(stream: MediaStream): Promise<string> {
    const [track] = stream.getVideoTracks();
    if (!this.publisher || !track) throw new Error('Join the call first.');
    const published = await this.add(this.publisher, track, 'screen', stream, false);
    await this.negotiate();
    return published.trackId;
  }

  async stopScreen(): Promise<void> {
    const screen = this.local.get('screen');
    if (!screen) return;
    this.local.delete('screen');
    screen.track.stop();
    await this.signaling.unpublishTrack(screen.trackId);
    screen.transceiver.stop();
    await this.negotiate();
  }

  /** Mutes a published camera or microphone: the SFU stops forwarding it to everyone. */
  async setMuted(source: TrackSource, muted: boolean): Promise<void> {
    const local = this.local.get(source);
    if (!local) return;
    local.track.enabled = !muted;
    await this.signaling.setMuted(local.trackId, muted);
  }

  /** Swaps the device behind a published track (a device picker) without renegotiating. */
  async replaceTrack(source: TrackSource, track: MediaStreamTrack): Promise<void> {
    const local = this.local.get(source);
    if (!local) return;
    track.enabled = local.track.enabled;
    await local.sender.replaceTrack(track);
    local.track.stop();
    local.track = track;
  }

  /** Dynacast (`layersChanged`): only the layers someone needs keep being encoded. */
  async applyLayers(trackId: string, active: readonly string[]): Promise<void> {
    const local = [...this.local.values()].find((l) => l.trackId === trackId);
    if (!local) return;
    await local.sender.setParameters(withActiveLayers(local.sender.getParameters(), active));
  }

  localTrack(source: TrackSource): MediaStreamTrack | null {
    return this.local.get(source)?.track ?? null;
  }

  /** Sends to every other participant over the reliable channel; false when it is not open (yet). */
  sendData(text: string): boolean {
    if (this.reliable?.readyState !== 'open') return false;
    this.reliable.send(text);
    return true;
  }

  async stats(): Promise<{ publisher: RTCStatsReport | null; subscriber: RTCStatsReport | null }> {
    return {
      publisher: this.publisher ? await this.publisher.getStats() : null,
      subscriber: this.subscriber ? await this.subscriber.getStats() : null,
    };
  }

  close(): void {
    this.closed = true;
    for (const local of this.local.values()) local.track.stop();
    this.local.clear();
    this.publisher?.close();
    this.subscriber?.close();
    this.publisher = this.subscriber = null;
  }

  private async add(pc: RTCPeerConnection, track: MediaStreamTrack, source: TrackSource, stream: MediaStream, muted: boolean) {
    // Simulcast for the camera (screen shares stay one encoding at full size).
    const sendEncodings = source === 'camera' && track.kind === 'video' && this.simulcast ? cameraEncodings() : undefined;
    const transceiver = pc.addTransceiver(track, { direction: 'sendonly', streams: [stream], sendEncodings });
    const published = await this.signaling.publishTrack({ kind: track.kind as 'audio' | 'video', source, muted, clientTrackId: track.id });
    this.local.set(source, { trackId: published.trackId, track, sender: transceiver.sender, transceiver });
    return published;
  }

  private negotiate(ready?: () => void, options?: RTCOfferOptions): Promise<void> {
    const pc = this.publisher!;
    this.publisherChain = this.publisherChain.then(async () => {
      await pc.setLocalDescription(await pc.createOffer(options));
      const answer = await this.signaling.publishOffer(pc.localDescription!.sdp);
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
      ready?.();
    });
    return this.publisherChain;
  }

  private onTrack(e: RTCTrackEvent): void {
    const mid = e.transceiver.mid;
    if (!mid) return;
    const section = this.sections.get(mid);
    this.received.set(mid, {
      mid,
      participantId: section?.participantId || e.streams[0]?.id || '',
      trackId: section?.trackId ?? '',
      kind: e.track.kind,
      track: e.track,
    });
    this.emitTracks();
  }

  /** Sections reused for new tracks fire no new `track` event: re-read every live receiver after each answer. */
  private bindReceivers(): void {
    for (const t of this.subscriber?.getTransceivers() ?? []) {
      const mid = t.mid;
      const section = mid ? this.sections.get(mid) : undefined;
      if (!mid || !section || section.removed || t.currentDirection === 'stopped') continue;
      this.received.set(mid, { mid, participantId: section.participantId, trackId: section.trackId, kind: t.receiver.track.kind, track: t.receiver.track });
    }
    this.emitTracks();
  }

  private emitTracks(): void {
    this.handlers.onRemoteTracks([...this.received.values()]);
  }

  private receive(channel: RTCDataChannel): void {
    const sender = channel.label.split('/')[1];
    if (!sender) return;
    channel.onmessage = (e) => {
      if (typeof e.data === 'string') this.handlers.onData(sender, e.data);
    };
  }

  private watch(pc: RTCPeerConnection, which: 'publisher' | 'subscriber'): void {
    pc.onconnectionstatechange = () => this.handlers.onState(which, pc.connectionState);
  }

  /** Candidates go to the hub once the server has the connection (after the first answer). */
  private trickle(pc: RTCPeerConnection, send: (candidate: string) => Promise<void>): () => void {
    let queue: string[] | null = [];
    const deliver = (c: string) => send(c).catch((e: unknown) => this.handlers.onError(`ICE candidate refused: ${message(e)}`));
    pc.onicecandidate = (e) => {
      const candidate = e.candidate?.candidate;
      if (!candidate) return;
      if (queue) queue.push(candidate);
      else void deliver(candidate);
    };
    return () => {
      if (!queue) return;
      const early = queue;
      queue = null;
      for (const c of early) void deliver(c);
    };
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
