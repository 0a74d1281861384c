import { useEffect, useState } from 'react';
import { useParams, useSearchParams, Link as RouterLink } from 'react-router';
import { useStore } from 'zustand';
import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import { useAuth } from '../../auth/store';
import { useLoad } from '../../common/useLoad';
import { Loading } from '../../common/States';
import { problemMessage } from '../../api/problems';
import { createCall } from './callSession';
import { CallView } from './CallView';
import type { MeetingCall } from './meetingCall';
import { createMeetingStore } from './meetingStore';
import { PreJoin, type JoinChoice } from './PreJoin';
import { getRoom, recentMessages } from './roomsApi';

const idle = createMeetingStore();

/** /rooms/:roomId (?invite=token for a signed-in outsider): pre-join, then the call, then where to go next. */
export function Component() {
  const { roomId = '' } = useParams();
  const [search] = useSearchParams();
  const invite = search.get('invite');
  const user = useAuth((s) => s.user);
  const room = useLoad(() => getRoom(roomId), [roomId]);
  const [call, setCall] = useState<MeetingCall | null>(null);
  const phase = useStore(call?.store ?? idle, (s) => s.phase);
  const error = useStore(call?.store ?? idle, (s) => s.error);
  const sessionId = useStore(call?.store ?? idle, (s) => s.room?.activeSessionId ?? null);
  const joinedName = useStore(call?.store ?? idle, (s) => s.room?.name ?? null);

  useEffect(() => () => void call?.leave().catch(() => undefined), [call]);
  useEffect(() => {
    document.title = `${room.data?.name ?? joinedName ?? 'Meeting'} · Conference`;
  }, [room.data, joinedName]);

  // An invited outsider cannot read the room: the invite alone lets them in.
  if (room.loading && !room.data) return <Loading label="Opening the room" />;
  if (room.error && !invite)
    return (
      <Box component="main" sx={{ p: 3 }}>
        <Typography variant="h1" sx={{ fontSize: '1.5rem', mb: 2 }}>Meeting</Typography>
        <Alert severity="error">{problemMessage(room.error, 'This room could not be opened.')}</Alert>
        <Button component={RouterLink} to="/meetings" sx={{ mt: 2 }}>All meetings</Button>
      </Box>
    );
  if (room.data?.status === 'ended')
    return (
      <Box component="main" sx={{ p: 3 }}>
        <Typography variant="h1" sx={{ fontSize: '1.5rem', mb: 2 }}>{room.data.name}</Typography>
        <Alert severity="info">This room has ended.</Alert>
      </Box>
    );

  const name = room.data?.name ?? joinedName ?? 'Meeting';
  const projectId = room.data?.projectId ?? null;

  async function join(choice: JoinChoice) {
    const next = createCall();
    setCall(next);
    await next
      .join({ roomId, selfUserId: user?.id ?? '', inviteToken: invite, stream: choice.stream, muted: choice.muted, loadHistory: invite && !room.data ? undefined : recentMessages })
      .catch(() => undefined);
  }

  if (!call || phase === 'idle' || phase === 'joining')
    return <PreJoin roomName={name} onJoin={(choice) => void join(choice)} joining={phase === 'joining'} />;

  if (phase === 'left' || phase === 'ended' || phase === 'failed')
    return (
      <Box component="main" sx={{ p: 3, maxWidth: 640, mx: 'auto' }}>
        <Typography variant="h1" sx={{ fontSize: '1.5rem', mb: 2 }}>
          {phase === 'left' ? 'You left the meeting' : phase === 'ended' ? 'The meeting has ended' : 'You are no longer in the call'}
        </Typography>
        {error && phase === 'failed' && <Alert severity="error" sx={{ mb: 2 }}>{error}</Alert>}
        <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
          {phase !== 'ended' && <Button variant="contained" onClick={() => setCall(null)}>Join again</Button>}
          {sessionId && room.data && <Button component={RouterLink} to={`/rooms/${roomId}/meetings/${sessionId}`}>Meeting summary</Button>}
          {projectId && <Button component={RouterLink} to={`/projects/${projectId}/meetings`}>Project meetings</Button>}
        </Stack>
      </Box>
    );

  return <CallView call={call} roomName={name} projectId={projectId} canInvite={room.data !== undefined && (room.data.createdBy === user?.id || user?.role === 'admin')} onLeave={() => void call.leave()} />;
}
