import type { VideoView } from './simulcast';
import { HttpTransportType, HubConnectionBuilder, LogLevel, type IRetryPolicy, type RetryContext } from '@microsoft/signalr';
import type { MediaSignaling } from './mediaSession';
import {
  roomEventTypes,
  type ChatMessage,
  type JoinResponse,
  type MediaOffer,
  type PublishedTrack,
  type RecordingInfo,
  type RoomEvent,
  type TrackSource,
} from './protocol';

/** What the meeting needs of a SignalR connection (a HubConnection; a fake in unit tests). */
export interface HubPort {
  invoke<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
  on(method: string, handler: (...args: unknown[]) => void): void;
  onreconnecting(callback: (error?: Error) => void): void;
  onreconnected(callback: (connectionId?: string) => void): void;
  onclose(callback: (error?: Error) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The room keeps a dropped participant for 30 s (docs/protocol.md, Resume): retry at once, then every second, for 25 s. */
export const resumeRetryPolicy: IRetryPolicy = {
  nextRetryDelayInMilliseconds: (context: RetryContext) =>
    context.elapsedMilliseconds >= 25_000 ? null : context.previousRetryCount === 0 ? 0 : 1_000,
};

/** A call's own connection (a connection is in at most one room), WebSockets only: no negotiate round trip on a resume. */
export function connectConferenceHub(accessToken: () => string | Promise<string>, baseUrl = ''): HubPort {
  return new HubConnectionBuilder()
    .withUrl(`${baseUrl}/hubs/conference`, { accessTokenFactory: accessToken, skipNegotiation: true, transport: HttpTransportType.WebSockets })
    .withAutomaticReconnect(resumeRetryPolicy)
    .configureLogging(LogLevel.Warning)
    .build();
}

/** Typed calls of the conference hub's meeting methods (docs/protocol.md). */
export class MeetingSignaling implements MediaSignaling {
  constructor(readonly hub: HubPort) {}

  onEvent(handler: (event: RoomEvent) => void): void {
    for (const type of roomEventTypes) this.hub.on(type, (...args: unknown[]) => handler({ ...(args[0] as RoomEvent), type }));
  }

  join(roomId: string, inviteToken?: string | null): Promise<JoinResponse> {
    return inviteToken
      ? this.hub.invoke<JoinResponse>('JoinWithInvite', roomId, inviteToken)
      : this.hub.invoke<JoinResponse>('Join', roomId);
  }

  resume(roomId: string, participantId: string): Promise<JoinResponse> {
    return this.hub.invoke<JoinResponse>('Resume', roomId, participantId);
  }

  leave(): Promise<void> {
    return this.hub.invoke('Leave');
  }

  publishTrack(input: { kind: 'audio' | 'video'; source: TrackSource; muted?: boolean; clientTrackId?: string }): Promise<PublishedTrack> {
    return this.hub.invoke<PublishedTrack>('PublishTrack', input);
  }

  unpublishTrack(trackId: string): Promise<void> {
    return this.hub.invoke('UnpublishTrack', trackId);
  }

  /** How big this client shows another participant's video (docs/protocol.md): the SFU sends the layer that fits. */
  setVideoView(trackId: string, view: VideoView): Promise<unknown> {
    return this.hub.invoke('SetVideoView', trackId, view);
  }

  /** How much the received video froze since the previous report (operators' metrics only). */
  reportReceiveQuality(report: { freezes: number; freezeSeconds: number }): Promise<unknown> {
    return this.hub.invoke('ReportReceiveQuality', report);
  }

  setMuted(trackId: string, muted: boolean): Promise<PublishedTrack> {
    return this.hub.invoke<PublishedTrack>('SetMuted', trackId, muted);
  }

  publishOffer(sdp: string): Promise<string> {
    return this.hub.invoke<string>('PublishOffer', sdp);
  }

  publisherCandidate(candidate: string): Promise<void> {
    return this.hub.invoke('PublisherCandidate', candidate);
  }

  subscribe(): Promise<MediaOffer> {
    return this.hub.invoke<MediaOffer>('Subscribe');
  }

  subscriberAnswer(revision: number, sdp: string): Promise<void> {
    return this.hub.invoke('SubscriberAnswer', revision, sdp);
  }

  subscriberCandidate(candidate: string): Promise<void> {
    return this.hub.invoke('SubscriberCandidate', candidate);
  }

  sendMessage(text: string, replyTo?: string): Promise<ChatMessage> {
    return this.hub.invoke<ChatMessage>('SendMessage', replyTo ? { text, replyTo } : { text });
  }

  editMessage(messageId: string, text: string): Promise<ChatMessage> {
    return this.hub.invoke<ChatMessage>('EditMessage', messageId, { text });
  }

  deleteMessage(messageId: string): Promise<ChatMessage> {
    return this.hub.invoke<ChatMessage>('DeleteMessage', messageId);
  }

  messagesSince(messageId: string): Promise<ChatMessage[]> {
    return this.hub.invoke<ChatMessage[]>('MessagesSince', messageId);
  }

  markRead(messageId: string): Promise<void> {
    return this.hub.invoke('MarkRead', messageId);
  }

  typing(): Promise<void> {
    return this.hub.invoke('Typing');
  }

  /** The room's host (or an admin): starts recording the call; everyone gets recordingStarted. */
  startRecording(): Promise<RecordingInfo> {
    return this.hub.invoke<RecordingInfo>('StartRecording');
  }

  /** Stops it once the files are stored; everyone gets recordingStopped. */
  stopRecording(): Promise<RecordingInfo> {
    return this.hub.invoke<RecordingInfo>('StopRecording');
  }
}
