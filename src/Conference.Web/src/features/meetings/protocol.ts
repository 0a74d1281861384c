// The /hubs/conference contract as docs/protocol.md writes it down. The hub is not part of the OpenAPI document,
// so these types follow that file; REST shapes come from the generated API types.

export type TrackKind = 'audio' | 'video';
export type TrackSource = 'camera' | 'microphone' | 'screen';
export type RoomRole = 'host' | 'participant';
export type PresenceStatus = 'online' | 'away' | 'in_call' | 'offline';

export interface PublishedTrack {
  trackId: string;
  kind: TrackKind;
  source: TrackSource;
  muted: boolean;
  publishedAt: string;
  clientTrackId?: string | null;
}

export interface Participant {
  participantId: string;
  userId: string;
  name: string;
  role: RoomRole;
  joinedAt: string;
  connected: boolean;
  tracks: PublishedTrack[];
}

export interface RoomInfo {
  id: string;
  name: string;
  projectId: string | null;
  status: 'created' | 'active' | 'ended';
  createdBy: string;
  activeSessionId: string | null;
  createdAt: string;
  updatedAt: string;
  endedAt: string | null;
  version: number;
}

export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** What the call needs of a recording (the whole `Recording` is in the REST types). */
export interface RecordingInfo {
  id: string;
  state: 'recording' | 'completed' | 'interrupted';
  startedAt: string;
  startedBy: string;
}

export interface JoinResponse {
  participantId: string;
  room: RoomInfo;
  participants: Participant[];
  iceServers: { iceServers: IceServer[]; ttl: number };
  router: { silo: string; mediaEndPoint: string } | null;
  /** The recording in progress, if any (a late joiner shows the indicator from it). */
  recording?: RecordingInfo | null;
}

export interface ChatMessage {
  id: string;
  roomId: string;
  sequence: number;
  author: { userId: string; name: string };
  text: string;
  sentAt: string;
  editedAt: string | null;
  deleted: boolean;
  replyTo: string | null;
}

export interface MediaOffer {
  sdp: string;
  revision: number;
}

export interface UserPresence {
  userId: string;
  status: PresenceStatus;
  lastSeen: string | null;
}

/** The single argument of every room event; which fields are set depends on `type`. */
export interface RoomEvent {
  roomId: string;
  type: RoomEventType;
  participantId?: string | null;
  participant?: Participant | null;
  track?: PublishedTrack | null;
  message?: ChatMessage | null;
  userId?: string | null;
  presence?: UserPresence | null;
  offer?: MediaOffer | null;
  error?: string | null;
  recipient?: string | null;
  /** mediaMoved: the room's new media router, and why it moved (`failure` or `drain`). */
  router?: { silo: string; mediaEndPoint: string } | null;
  reason?: string | null;
  /** layersChanged: the simulcast rids of `track` to keep sending. */
  activeLayers?: string[] | null;
  pausedLayers?: string[] | null;
  /** recordingStarted / recordingStopped. */
  recording?: RecordingInfo | null;
}

export const roomEventTypes = [
  'participantJoined',
  'participantLeft',
  'participantDisconnected',
  'participantResumed',
  'trackPublished',
  'trackUnpublished',
  'trackMuted',
  'roomEnded',
  'chatMessage',
  'chatMessageEdited',
  'chatMessageDeleted',
  'typing',
  'presence',
  'subscriberOffer',
  'activeSpeaker',
  'dataError',
  'mediaFailed',
  'mediaMoved',
  'layersChanged',
  'recordingStarted',
  'recordingStopped',
] as const;

export type RoomEventType = (typeof roomEventTypes)[number];
