import { useParams, Link as RouterLink } from 'react-router';
import { Box, Button, Link, List, ListItem, ListItemText, Paper, Stack, Typography } from '@mui/material';
import { useLoad } from '../../common/useLoad';
import { EmptyState, ErrorState, Loading } from '../../common/States';
import { duration } from './MeetingHistory';
import { MeetingRecordings } from './MeetingRecordings';
import { meetingSummary } from './roomsApi';

/** One meeting: when, how long, who attended (and for how long), the tasks created during it and its recordings. */
export function Component() {
  const { roomId = '', sessionId = '' } = useParams();
  const summary = useLoad(() => meetingSummary(roomId, sessionId), [roomId, sessionId]);
  const m = summary.data;
  return (
    <Box component="main" sx={{ p: { xs: 2, sm: 4 }, maxWidth: 800, mx: 'auto' }}>
      <Typography variant="h1" sx={{ fontSize: '1.5rem', mb: 2 }}>
        {m ? `${m.roomName}: meeting summary` : 'Meeting summary'}
      </Typography>
      {summary.loading && !m && <Loading label="Loading the meeting" />}
      {summary.error !== undefined && <ErrorState error={summary.error} onRetry={summary.reload} />}
      {m && (
        <Stack spacing={2}>
          <Typography>
            {new Date(m.startedAt).toLocaleString([], { dateStyle: 'full', timeStyle: 'short' })} · {duration(Number(m.durationSeconds))}
            {!m.endedAt && ' (still on)'}
          </Typography>
          <Paper variant="outlined" sx={{ p: 2 }}>
            <Typography variant="h2" sx={{ fontSize: '1.1rem' }}>Attended</Typography>
            <List aria-label="Attendees">
              {m.attendees.map((a) => (
                <ListItem key={a.userId} disableGutters>
                  <ListItemText primary={a.name} secondary={duration(Number(a.seconds))} />
                </ListItem>
              ))}
            </List>
          </Paper>
          <Paper variant="outlined" sx={{ p: 2 }}>
            <Typography variant="h2" sx={{ fontSize: '1.1rem' }}>Tasks created during the meeting</Typography>
            {m.tasks.length === 0 ? (
              <EmptyState title="No tasks were created">Turn a chat message into a task from the call.</EmptyState>
            ) : (
              <List aria-label="Tasks created">
                {m.tasks.map((t) => (
                  <ListItem key={t.taskId} disableGutters>
                    <ListItemText
                      primary={m.projectId ? <Link component={RouterLink} to={`/projects/${m.projectId}/board?task=${t.taskId}`}>{t.name}</Link> : t.name}
                      secondary={t.status.replace('_', ' ')}
                    />
                  </ListItem>
                ))}
              </List>
            )}
          </Paper>
          <Paper variant="outlined" sx={{ p: 2 }}>
            <Typography variant="h2" sx={{ fontSize: '1.1rem' }}>Recordings</Typography>
            <MeetingRecordings roomId={roomId} recordings={m.recordings} />
          </Paper>
          <Stack direction="row" spacing={2}>
            <Button variant="contained" component={RouterLink} to={`/rooms/${roomId}`}>Open the room</Button>
            {m.projectId && <Button component={RouterLink} to={`/projects/${m.projectId}/meetings`}>All project meetings</Button>}
          </Stack>
        </Stack>
      )}
    </Box>
  );
}
