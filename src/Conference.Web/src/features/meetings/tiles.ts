import type { MeetingState } from './meetingStore';
import type { Tile } from './VideoTile';

/** The grid's tiles: each participant's camera (self first), then a tile per screen share. */
export function tilesOf(state: MeetingState, localTrack: (source: 'camera' | 'screen') => MediaStreamTrack | null): Tile[] {
  const participants = Object.values(state.participants).sort((a, b) =>
    a.participantId === state.selfId ? -1 : b.participantId === state.selfId ? 1 : a.joinedAt.localeCompare(b.joinedAt));
  const remote = new Map(state.remoteTracks.map((t) => [t.trackId, t.track]));
  const cameras: Tile[] = [];
  const screens: Tile[] = [];
  for (const p of participants) {
    const self = p.participantId === state.selfId;
    const camera = p.tracks.find((t) => t.source === 'camera');
    const microphone = p.tracks.find((t) => t.source === 'microphone');
    const screen = p.tracks.find((t) => t.source === 'screen');
    const base = {
      participantId: p.participantId, name: p.name, handRaised: p.handRaised, self, connected: p.connected,
      micMuted: self ? state.local.micMuted || !microphone : !microphone || microphone.muted,
      speaking: state.activeSpeaker === p.participantId,
    };
    cameras.push({
      ...base, key: `${p.participantId}:camera`, source: 'camera', trackId: self ? null : camera?.trackId ?? null,
      track: self ? localTrack('camera') : camera ? remote.get(camera.trackId) ?? null : null,
      videoOff: self ? state.local.cameraOff : !camera || camera.muted,
    });
    if (screen)
      screens.push({
        ...base, key: `${p.participantId}:screen`, source: 'screen', speaking: false, handRaised: false, trackId: self ? null : screen.trackId,
        track: self ? localTrack('screen') : remote.get(screen.trackId) ?? null, videoOff: false,
      });
  }
  return [...cameras, ...screens];
}
