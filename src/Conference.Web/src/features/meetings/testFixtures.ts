// Values for the unit tests (not imported by the app).
import type { ChatMessage, JoinResponse, Participant } from './protocol';

export const message = (sequence: number, over: Partial<ChatMessage> = {}): ChatMessage => ({
  id: String(sequence), roomId: 'r', sequence, author: { userId: 'ada', name: 'Ada' }, text: `m${sequence}`,
  sentAt: '2026-12-06T10:00:00Z', editedAt: null, deleted: false, replyTo: null, ...over,
});

export const participant = (participantId: string, userId: string, name: string, over: Partial<Participant> = {}): Participant => ({
  participantId, userId, name, role: 'participant', joinedAt: '2026-12-06T10:00:00Z', connected: true, tracks: [], ...over,
});

export const joined = (self: string, participants: Participant[]): JoinResponse => ({
  participantId: self,
  room: {
    id: 'r', name: 'Standup', projectId: 'p', status: 'active', createdBy: 'ada', activeSessionId: 's1',
    createdAt: '2026-12-06T10:00:00Z', updatedAt: '2026-12-06T10:00:00Z', endedAt: null, version: 2,
  },
  participants,
  iceServers: { iceServers: [], ttl: 0 },
  router: null,
});
