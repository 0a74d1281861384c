import { lastContiguousId } from './chatLog';
import { freezeGrowth, freezesOf, qualityBetween, sampleOf, type FreezeTotals, type StatsSample } from './connectionQuality';
import { decodeDataMessage, encodeDataMessage, type ReactionEmoji } from './dataMessages';
import { MediaSession, type MediaHandlers, type MediaSignaling } from './mediaSession';
import { stalledVideos, videoProgress, type VideoProgress } from './videoStall';
import {
  addReaction,
  applyEvent,
  applyJoin,
  createMeetingStore,
  expire,
  setHand,
  type MeetingStore,
} from './meetingStore';
import type { ChatMessage, JoinResponse, RoomEvent } from './protocol';
import { MeetingSignaling, type HubPort } from './signaling';
import type { VideoView } from './simulcast';

export interface JoinOptions {
  roomId: string;
  selfUserId: string;
  inviteToken?: string | null;
  /** Camera and/or microphone from the pre-join screen (null: join without media). */
  stream: MediaStream | null;
  muted: { audio: boolean; video: boolean };
  /** The latest messages before joining (REST; may fail for an invited outsider, then the call starts with none). */
  loadHistory?: (roomId: string) => Promise<ChatMessage[]>;
}

export interface CallDependencies {
  createMedia(signaling: MediaSignaling, config: RTCConfiguration, handlers: MediaHandlers): MediaSession;
  now(): number;
  qualityEveryMs: number;
}

const browserDependencies: CallDependencies = {
  createMedia: (signaling, config, handlers) => new MediaSession(signaling, config, handlers),
  now: () => Date.now(),
  qualityEveryMs: 2_000,
};

/**
 * One participant's call: signaling (join, resume after a dropped connection, chat), the two media
 * connections, raised hands and reactions over the data channel, and the quality badge. Everything the
 * screens show is in {@link store}.
 */
export class MeetingCall {
  readonly signaling: MeetingSignaling;
  private media: MediaSession | null = null;
  private timers: ReturnType<typeof setInterval>[] = [];
  private lastSample: StatsSample | null = null;
  private lastFreezes: FreezeTotals | null = null;
  private measures = 0;
  private lastProgress: VideoProgress | null = null;
  private stalls = 0;
  private lastResubscribe = 0;
  private subscriberState: RTCPeerConnectionState = 'new';
  private reactionIds = 0;
  private lastTypingSent = 0;
  private catchingUp = false;
  /** The events that came while a Join or Resume was being answered (null when none is); see {@link enter}. */
  private eventsWhileEntering: RoomEvent[] | null = null;

  constructor(
    private readonly hub: HubPort,
    readonly store: MeetingStore = createMeetingStore(),
    private readonly deps: CallDependencies = browserDependencies,
  ) {
    this.signaling = new MeetingSignaling(hub);
    this.signaling.onEvent((event) => this.onEvent(event));
    hub.onreconnecting(() => {
      if (this.inCall()) this.store.setState({ phase: 'reconnecting' });
    });
    hub.onreconnected(() => void this.resume());
    hub.onclose(() => {
      if (this.inCall()) this.fail('The connection to the server was lost and could not be restored.');
    });
  }

  async join(options: JoinOptions): Promise<void> {
    const deviceOf = (track: MediaStreamTrack | undefined) => track?.getSettings().deviceId ?? null;
    this.store.setState({
      phase: 'joining',
      error: null,
      local: {
        micMuted: options.muted.audio, cameraOff: options.muted.video, screenSharing: false, handRaised: false,
        cameraDevice: deviceOf(options.stream?.getVideoTracks()[0]), microphoneDevice: deviceOf(options.stream?.getAudioTracks()[0]),
      },
    });
    try {
      await this.hub.start();
      const joined = await this.enter(() => this.signaling.join(options.roomId, options.inviteToken), options.selfUserId);
      void this.loadHistory(options);
      this.media = this.deps.createMedia(this.signaling, { iceServers: joined.iceServers.iceServers }, this.mediaHandlers());
      await this.media.publish(options.stream, options.muted);
      await this.media.subscribe();
      this.timers.push(setInterval(() => void this.measure(), this.deps.qualityEveryMs));
      this.timers.push(setInterval(() => this.store.setState((s) => expire(s, this.deps.now())), 1_000));
    } catch (e) {
      this.fail(`Could not join the call: ${messageOf(e)}`);
      throw e;
    }
  }

  async leave(): Promise<void> {
    const wasIn = this.inCall();
    this.store.setState({ phase: 'left' });
    this.stop();
    try {
      if (wasIn) await this.signaling.leave();
    } finally {
      await this.hub.stop();
    }
  }

  localTrack(source: 'camera' | 'microphone' | 'screen'): MediaStreamTrack | null {
    return this.media?.localTrack(source) ?? null;
  }

  async toggleMicrophone(): Promise<void> {
    const muted = !this.store.getState().local.micMuted;
    await this.media?.setMuted('microphone', muted);
    this.store.setState((s) => ({ local: { ...s.local, micMuted: muted } }));
  }

  async toggleCamera(): Promise<void> {
    const off = !this.store.getState().local.cameraOff;
    await this.media?.setMuted('camera', off);
    this.store.setState((s) => ({ local: { ...s.local, cameraOff: off } }));
  }

  async shareScreen(stream: MediaStream): Promise<void> {
    if (!this.media) return;
    await this.media.shareScreen(stream);
    this.store.setState((s) => ({ local: { ...s.local, screenSharing: true } }));
    // The browser's own "Stop sharing" ends the track.
    stream.getVideoTracks()[0]?.addEventListener('ended', () => void this.stopScreen());
  }

  async stopScreen(): Promise<void> {
    if (!this.store.getState().local.screenSharing) return;
    this.store.setState((s) => ({ local: { ...s.local, screenSharing: false } }));
    await this.media?.stopScreen();
  }

  /**
   * Switches the camera or microphone of the running call to another device: the new track replaces the old one in
   * the same sender (no renegotiation; muted stays muted). Throws when nothing of that kind is being sent.
   */
  async switchDevice(source: 'camera' | 'microphone', deviceId: string): Promise<void> {
    if (!this.media || !this.localTrack(source)) throw new Error(`No ${source} is being sent.`);
    const media = await navigator.mediaDevices.getUserMedia(
      source === 'camera'
        ? { video: { deviceId: { exact: deviceId }, width: { ideal: 640 }, height: { ideal: 360 } } }
        : { audio: { deviceId: { exact: deviceId } } },
    );
    const [track] = source === 'camera' ? media.getVideoTracks() : media.getAudioTracks();
    try {
      await this.media.replaceTrack(source, track);
    } catch (error) {
      track.stop();
      throw error;
    }
    this.store.setState((s) => ({ local: { ...s.local, [source === 'camera' ? 'cameraDevice' : 'microphoneDevice']: deviceId } }));
  }

  raiseHand(raised: boolean): void {
    const selfId = this.store.getState().selfId;
    if (!selfId) return;
    this.media?.sendData(encodeDataMessage({ type: 'hand', raised }));
    this.store.setState((s) => ({ ...setHand(s, selfId, raised), local: { ...s.local, handRaised: raised } }));
  }

  react(emoji: ReactionEmoji): void {
    const selfId = this.store.getState().selfId;
    if (!selfId) return;
    this.media?.sendData(encodeDataMessage({ type: 'reaction', emoji }));
    this.store.setState((s) => addReaction(s, selfId, emoji, this.deps.now(), ++this.reactionIds));
  }

  async sendMessage(text: string): Promise<void> {
    const sent = await this.signaling.sendMessage(text);
    this.store.setState((s) => applyEvent(s, { roomId: sent.roomId, type: 'chatMessage', message: sent }, this.deps.now()));
  }

  async editMessage(messageId: string, text: string): Promise<void> {
    const edited = await this.signaling.editMessage(messageId, text);
    this.store.setState((s) => applyEvent(s, { roomId: edited.roomId, type: 'chatMessageEdited', message: edited }, this.deps.now()));
  }

  async deleteMessage(messageId: string): Promise<void> {
    const deleted = await this.signaling.deleteMessage(messageId);
    this.store.setState((s) => applyEvent(s, { roomId: deleted.roomId, type: 'chatMessageDeleted', message: deleted }, this.deps.now()));
  }

  /** Starts (or stops) recording the call: the room's host or an admin only (the hub says so otherwise). */
  async setRecording(on: boolean): Promise<void> {
    const recording = on ? await this.signaling.startRecording() : await this.signaling.stopRecording();
    const roomId = this.store.getState().room?.id ?? '';
    this.store.setState((s) => applyEvent(s, { roomId, type: on ? 'recordingStarted' : 'recordingStopped', recording }, this.deps.now()));
  }

  /** Tells the others we are typing, at most every 2 s. */
  typing(): void {
    const now = this.deps.now();
    if (now - this.lastTypingSent < 2_000 || !this.inCall()) return;
    this.lastTypingSent = now;
    this.signaling.typing().catch(() => {});
  }

  /** A tile's size changed or it was hidden/shown: the SFU picks the video layer that fits (best effort). */
  setVideoView(trackId: string, view: VideoView): void {
    if (this.inCall()) this.signaling.setVideoView(trackId, view).catch(() => {});
  }

  /** Opening the chat reads everything in it (and moves the server's read marker). */
  setChatOpen(open: boolean): void {
    const { messages } = this.store.getState();
    const last = messages[messages.length - 1];
    this.store.setState((s) => ({ chatOpen: open, lastReadSequence: open && last ? Math.max(s.lastReadSequence, last.sequence) : s.lastReadSequence }));
    if (open && last && this.inCall()) this.signaling.markRead(last.id).catch(() => {});
  }

  private onEvent(event: RoomEvent): void {
    if (event.type === 'subscriberOffer' && event.offer) void this.media?.applyOffer(event.offer);
    else if (event.type === 'layersChanged' && event.track && event.activeLayers)
      void this.media?.applyLayers(event.track.trackId, event.activeLayers).catch((e: unknown) => this.report(`Could not change the video layers: ${messageOf(e)}`));
    else if (event.type === 'mediaFailed') void this.media?.subscribe().catch((e: unknown) => this.report(`Media reconnect failed: ${messageOf(e)}`));
    else if (event.type === 'mediaMoved') void this.media?.move(event.reason).catch((e: unknown) => this.report(`Media move failed: ${messageOf(e)}`));
    this.eventsWhileEntering?.push(event);
    const before = this.store.getState().messages;
    this.store.setState((s) => applyEvent(s, event, this.deps.now()));
    if (event.type === 'roomEnded') this.stop();
    const message = event.message;
    const last = before[before.length - 1];
    if (event.type === 'chatMessage' && message && last && message.sequence > last.sequence + 1) void this.catchUp();
  }

  /** After a dropped connection: the same participant again (tracks and media connections kept), then missed chat. */
  private async resume(): Promise<void> {
    const { selfId, room, selfUserId } = this.store.getState();
    if (!selfId || !room || !selfUserId || !this.inCall()) return;
    try {
      await this.enter(() => this.signaling.resume(room.id, selfId), selfUserId);
      await this.catchUp();
    } catch (e) {
      this.fail(`You were away too long and left the call (${messageOf(e)}). Join again to continue.`);
      this.stop();
      await this.hub.stop();
    }
  }

  /**
   * Join or Resume, and the room as its answer describes it. The connection hears the room's events from before the
   * room takes its snapshot (docs/protocol.md, Events), so an event that happened after the snapshot can arrive before
   * the answer (e.g. the camera someone publishes while we join): the answer's participants are applied first, then
   * every event heard meanwhile, in order. Each event sets what it names, so one the snapshot already has changes nothing.
   */
  private async enter(call: () => Promise<JoinResponse>, selfUserId: string): Promise<JoinResponse> {
    const heard: RoomEvent[] = [];
    this.eventsWhileEntering = heard;
    try {
      const joined = await call();
      this.store.setState((s) => applyJoin(s, joined, selfUserId));
      for (const event of heard) this.store.setState((s) => applyEvent(s, event, this.deps.now()));
      return joined;
    } finally {
      if (this.eventsWhileEntering === heard) this.eventsWhileEntering = null;
    }
  }

  private async catchUp(): Promise<void> {
    const since = lastContiguousId(this.store.getState().messages);
    if (!since || this.catchingUp) return;
    this.catchingUp = true;
    try {
      const missed = await this.signaling.messagesSince(since);
      for (const message of missed)
        this.store.setState((s) => applyEvent(s, { roomId: message.roomId, type: 'chatMessage', message }, this.deps.now()));
    } catch (e) {
      this.report(`Could not load missed messages: ${messageOf(e)}`);
    } finally {
      this.catchingUp = false;
    }
  }

  private async loadHistory(options: JoinOptions): Promise<void> {
    if (!options.loadHistory) return;
    try {
      const history = await options.loadHistory(options.roomId);
      for (const message of history)
        this.store.setState((s) => applyEvent(s, { roomId: message.roomId, type: 'chatMessage', message }, this.deps.now()));
      this.store.setState((s) => ({ lastReadSequence: Math.max(s.lastReadSequence, ...history.map((m) => m.sequence)) }));
    } catch {
      // An invited outsider cannot read the room over REST: the chat starts with what is said from now on.
    }
  }

  private mediaHandlers(): MediaHandlers {
    return {
      onRemoteTracks: (tracks) => this.store.setState({ remoteTracks: tracks }),
      onData: (sender, text) => {
        const data = decodeDataMessage(text);
        if (data?.type === 'hand') this.store.setState((s) => setHand(s, sender, data.raised));
        else if (data?.type === 'reaction') this.store.setState((s) => addReaction(s, sender, data.emoji, this.deps.now(), ++this.reactionIds));
      },
      onState: (which, state) => {
        if (which === 'subscriber') this.subscriberState = state;
      },
      onError: (message) => this.report(message),
    };
  }

  private async measure(): Promise<void> {
    if (!this.media) return;
    const { publisher, subscriber } = await this.media.stats();
    const sample = sampleOf([publisher, subscriber]);
    const quality = qualityBetween(this.lastSample, sample, this.subscriberState === 'connected' || this.subscriberState === 'new');
    this.lastSample = sample;
    if (this.store.getState().quality !== quality) this.store.setState({ quality });
    this.healStalls(videoProgress(subscriber));
    // Every fifth measure (10 s by default): the growth of the received video's freezes, for the operators' metrics.
    if (++this.measures % 5 === 0) {
      const freezes = freezesOf(subscriber);
      const growth = freezeGrowth(this.lastFreezes, freezes);
      this.lastFreezes = freezes;
      if (growth && this.inCall()) this.signaling.reportReceiveQuality(growth).catch(() => {});
    }
  }

  /** Two intervals in a row with a video stalled: a fresh subscriber connection (at most every 15 s). */
  private healStalls(progress: VideoProgress): void {
    const stalled = this.lastProgress ? stalledVideos(this.lastProgress, progress) : [];
    this.lastProgress = progress;
    this.stalls = stalled.length > 0 ? this.stalls + 1 : 0;
    const now = this.deps.now();
    if (this.stalls < 2 || now - this.lastResubscribe < 15_000 || !this.media) return;
    this.stalls = 0;
    this.lastResubscribe = now;
    this.lastProgress = null;
    void this.media.subscribe().catch((e: unknown) => this.report(`Media reconnect failed: ${messageOf(e)}`));
  }

  private inCall(): boolean {
    const phase = this.store.getState().phase;
    return phase === 'in_call' || phase === 'reconnecting';
  }

  private fail(error: string): void {
    this.store.setState({ phase: 'failed', error });
  }

  private report(error: string): void {
    this.store.setState({ error });
  }

  private stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.media?.close();
    this.media = null;
  }
}

/** A hub call's failure in the server's words (a HubException's message without SignalR's preamble). */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message.replace(/^An unexpected error occurred invoking '\w+' on the server\. HubException: /, '') : String(e);
}
