import { api, type Schemas } from '../../api/client';
import { unwrap } from '../../api/problems';
import type { ChatMessage } from './protocol';

export type Room = Schemas['Room'];
export type MeetingSummary = Schemas['MeetingSummary'];

export async function getRoom(id: string): Promise<Room> {
  return unwrap(await api.GET('/api/rooms/{id}', { params: { path: { id } } }));
}

export async function listRooms(projectId?: string): Promise<Room[]> {
  const page = unwrap(await api.GET('/api/rooms', { params: { query: { projectId, limit: 200 } } }));
  return (page.items ?? []).filter((r) => r.status !== 'ended');
}

export async function createRoom(name: string, projectId?: string): Promise<Room> {
  return unwrap(await api.POST('/api/rooms', { body: { name, projectId: projectId ?? null } }));
}

export async function createInvite(roomId: string): Promise<string> {
  const invite = unwrap(await api.POST('/api/rooms/{id}/invites', { params: { path: { id: roomId } }, body: { expiresInMinutes: null } }));
  return `${window.location.origin}/invite/${roomId}/${encodeURIComponent(invite.token)}`;
}

/** The newest messages, oldest first: the chat as it was before joining. */
export async function recentMessages(roomId: string): Promise<ChatMessage[]> {
  const page = unwrap(await api.GET('/api/rooms/{id}/messages', { params: { path: { id: roomId }, query: { limit: 50 } } }));
  return ([...(page.items ?? [])] as ChatMessage[]).reverse();
}

export async function taskFromMessage(roomId: string, messageId: string): Promise<Schemas['TaskItem']> {
  return unwrap(await api.POST('/api/rooms/{id}/messages/{messageId}/task', { params: { path: { id: roomId, messageId } }, body: { name: null, assignee: null } }));
}

export async function projectMeetings(projectId: string): Promise<MeetingSummary[]> {
  return unwrap(await api.GET('/api/projects/{id}/meetings', { params: { path: { id: projectId }, query: { limit: 50 } } })).items ?? [];
}

export async function meetingSummary(roomId: string, sessionId: string): Promise<MeetingSummary> {
  return unwrap(await api.GET('/api/rooms/{id}/meetings/{sessionId}', { params: { path: { id: roomId, sessionId } } }));
}

export type Recording = Schemas['Recording'];

/** A recording's files with time-limited download URLs (presigned by the object store, or a token link of the server). */
export async function recordingDownload(roomId: string, recordingId: string): Promise<Schemas['RecordingDownload']> {
  return unwrap(await api.GET('/api/rooms/{id}/recordings/{recordingId}', { params: { path: { id: roomId, recordingId } } }));
}
