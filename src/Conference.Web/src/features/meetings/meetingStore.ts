import { createStore } from 'zustand/vanilla';
import { upsertMessages } from './chatLog';
import type { Quality } from './connectionQuality';
import type { ReactionEmoji } from './dataMessages';
import type { RemoteTrack } from './mediaSession';
import type { ChatMessage, JoinResponse, Participant, PresenceStatus, PublishedTrack, RecordingInfo, RoomEvent, RoomInfo } from './protocol';

export type CallPhase = 'idle' | 'joining' | 'in_call' | 'reconnecting' | 'left' | 'ended' | 'failed';

export interface CallParticipant extends Participant {
  handRaised: boolean;
}

export interface Reaction {
  id: number;
  participantId: string;
  emoji: ReactionEmoji;
  at: number;
}

export interface MeetingState {
  phase: CallPhase;
  error: string | null;
  room: RoomInfo | null;
  selfId: string | null;
  selfUserId: string | null;
  participants: Record<string, CallParticipant>;
  remoteTracks: RemoteTrack[];
  activeSpeaker: string | null;
  messages: ChatMessage[];
  lastReadSequence: number;
  chatOpen: boolean;
  /** userId → when the typing indicator expires (ms). */
  typing: Record<string, number>;
  presence: Record<string, PresenceStatus>;
  reactions: Reaction[];
  quality: Quality;
  /** The room's recording in progress (null when it is not being recorded). */
  recording: RecordingInfo | null;
  /** What this participant sends; cameraDevice/microphoneDevice: the device ids in use (null when none or not known). */
  local: LocalState;
}

export interface LocalState {
  micMuted: boolean;
  cameraOff: boolean;
  screenSharing: boolean;
  handRaised: boolean;
  cameraDevice: string | null;
  microphoneDevice: string | null;
}

export const TYPING_MS = 4_000;
export const REACTION_MS = 4_000;

export const initialMeetingState: MeetingState = {
  phase: 'idle',
  error: null,
  room: null,
  selfId: null,
  selfUserId: null,
  participants: {},
  remoteTracks: [],
  activeSpeaker: null,
  messages: [],
  lastReadSequence: 0,
  chatOpen: false,
  typing: {},
  presence: {},
  reactions: [],
  quality: 'unknown',
  recording: null,
  local: { micMuted: false, cameraOff: false, screenSharing: false, handRaised: false, cameraDevice: null, microphoneDevice: null },
};

export function createMeetingStore() {
  return createStore<MeetingState>(() => ({ ...initialMeetingState }));
}

export type MeetingStore = ReturnType<typeof createMeetingStore>;

/** The room as Join or Resume answered it; hands and chat already known are kept across a resume. */
export function applyJoin(state: MeetingState, joined: JoinResponse, selfUserId: string): Partial<MeetingState> {
  const participants: Record<string, CallParticipant> = {};
  for (const p of joined.participants)
    participants[p.participantId] = { ...p, handRaised: state.participants[p.participantId]?.handRaised ?? false };
  return { phase: 'in_call', error: null, room: joined.room, selfId: joined.participantId, selfUserId, participants, recording: joined.recording ?? null };
}

/** What a hub event changes (docs/protocol.md, Events); media events are the media session's business. */
export function applyEvent(state: MeetingState, event: RoomEvent, now: number): Partial<MeetingState> {
  const id = event.participantId ?? '';
  switch (event.type) {
    case 'participantJoined':
      return event.participant ? { participants: { ...state.participants, [id]: { ...event.participant, handRaised: false } } } : {};
    case 'participantLeft': {
      const rest = { ...state.participants };
      delete rest[id];
      return { participants: rest, activeSpeaker: state.activeSpeaker === id ? null : state.activeSpeaker };
    }
    case 'participantDisconnected':
    case 'participantResumed':
      return withParticipant(state, id, (p) => ({ ...p, connected: event.type === 'participantResumed' }));
    case 'trackPublished':
    case 'trackMuted':
      return event.track ? withParticipant(state, id, (p) => ({ ...p, tracks: upsertTrack(p.tracks, event.track!) })) : {};
    case 'trackUnpublished':
      return withParticipant(state, id, (p) => ({ ...p, tracks: p.tracks.filter((t) => t.trackId !== event.track?.trackId) }));
    case 'roomEnded':
      return { phase: 'ended' };
    case 'chatMessage':
    case 'chatMessageEdited':
    case 'chatMessageDeleted': {
      if (!event.message) return {};
      const typing = { ...state.typing };
      delete typing[event.message.author.userId];
      const messages = upsertMessages(state.messages, [event.message]);
      const read = state.chatOpen ? Math.max(state.lastReadSequence, event.message.sequence) : state.lastReadSequence;
      return { messages, typing, lastReadSequence: read };
    }
    case 'typing':
      return event.userId && event.userId !== state.selfUserId ? { typing: { ...state.typing, [event.userId]: now + TYPING_MS } } : {};
    case 'presence':
      return event.presence ? { presence: { ...state.presence, [event.presence.userId]: event.presence.status } } : {};
    case 'activeSpeaker':
      return { activeSpeaker: id || null };
    case 'recordingStarted':
      return event.recording ? { recording: event.recording } : {};
    case 'recordingStopped':
      // A stale stop (of an earlier recording) leaves the one in progress on.
      return !state.recording || !event.recording || event.recording.id === state.recording.id ? { recording: null } : {};
    default:
      return {};
  }
}

export function setHand(state: MeetingState, participantId: string, raised: boolean): Partial<MeetingState> {
  return withParticipant(state, participantId, (p) => ({ ...p, handRaised: raised }));
}

export function addReaction(state: MeetingState, participantId: string, emoji: ReactionEmoji, now: number, id: number): Partial<MeetingState> {
  return { reactions: [...state.reactions.filter((r) => now - r.at < REACTION_MS), { id, participantId, emoji, at: now }] };
}

/** Drops expired typing indicators and reactions. */
export function expire(state: MeetingState, now: number): Partial<MeetingState> {
  const typing = Object.fromEntries(Object.entries(state.typing).filter(([, until]) => until > now));
  const reactions = state.reactions.filter((r) => now - r.at < REACTION_MS);
  return Object.keys(typing).length === Object.keys(state.typing).length && reactions.length === state.reactions.length ? {} : { typing, reactions };
}

/** Names of the people typing now, for "Ada is typing…". */
export function typingNames(state: Pick<MeetingState, 'typing' | 'participants'>, now: number): string[] {
  const names = new Map(Object.values(state.participants).map((p) => [p.userId, p.name]));
  return Object.entries(state.typing)
    .filter(([, until]) => until > now)
    .map(([userId]) => names.get(userId) ?? 'Someone');
}

function withParticipant(state: MeetingState, id: string, change: (p: CallParticipant) => CallParticipant): Partial<MeetingState> {
  const participant = state.participants[id];
  return participant ? { participants: { ...state.participants, [id]: change(participant) } } : {};
}

function upsertTrack(tracks: PublishedTrack[], track: PublishedTrack): PublishedTrack[] {
  return tracks.some((t) => t.trackId === track.trackId) ? tracks.map((t) => (t.trackId === track.trackId ? track : t)) : [...tracks, track];
}
