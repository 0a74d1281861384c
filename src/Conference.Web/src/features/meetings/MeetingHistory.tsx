import { Link as RouterLink } from 'react-router';
import { Chip, Link, Paper, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import type { MeetingSummary } from './roomsApi';

export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Meetings as a table: when, which room, how long, who attended, the tasks made in each. */
export function MeetingHistory({ meetings, projectId }: { meetings: MeetingSummary[]; projectId: string | null }) {
  return (
    <TableContainer component={Paper} variant="outlined">
      <Table size="small" aria-label="Meetings">
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>Room</TableCell>
            <TableCell>Length</TableCell>
            <TableCell>Attended</TableCell>
            <TableCell>Tasks created</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {meetings.map((m) => (
            <TableRow key={m.sessionId}>
              <TableCell>
                <Link component={RouterLink} to={`/rooms/${m.roomId}/meetings/${m.sessionId}`}>
                  {new Date(m.startedAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}
                </Link>
                {!m.endedAt && <Chip size="small" color="success" label="On now" sx={{ ml: 1 }} />}
              </TableCell>
              <TableCell>{m.roomName}</TableCell>
              <TableCell>{duration(Number(m.durationSeconds))}</TableCell>
              <TableCell>{m.attendees.map((a) => a.name).join(', ')}</TableCell>
              <TableCell>
                {m.tasks.length === 0 ? (
                  <Typography variant="body2" color="text.secondary">None</Typography>
                ) : (
                  <Stack spacing={0.5}>
                    {m.tasks.map((t) => (
                      <Link key={t.taskId} component={RouterLink} to={projectId ? `/projects/${projectId}/board?task=${t.taskId}` : '#'}>
                        {t.name}
                      </Link>
                    ))}
                  </Stack>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
