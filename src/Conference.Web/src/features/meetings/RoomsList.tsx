import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { Alert, Button, List, ListItem, ListItemText, Paper, Stack, TextField, Typography } from '@mui/material';
import VideoCallIcon from '@mui/icons-material/VideoCall';
import { fieldErrors, problemMessage } from '../../api/problems';
import { useLoad } from '../../common/useLoad';
import { EmptyState, ErrorState, Loading } from '../../common/States';
import { createRoom, listRooms, type Room } from './roomsApi';

/** Rooms one can open (a project's, or every room the user may see when no project is given), and a form for a new one. */
export function RoomsList({ projectId, canCreate, title }: { projectId?: string; canCreate: boolean; title: string }) {
  const rooms = useLoad(() => listRooms(projectId), [projectId]);
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const shown: Room[] = (rooms.data ?? []).filter((r) => projectId || !r.projectId);

  async function create() {
    setBusy(true);
    setError(null);
    try {
      const room = await createRoom(name.trim(), projectId);
      rooms.setData((list) => [...(list ?? []), room]);
      setName('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const nameError = error ? fieldErrors(error).name : undefined;
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 3 }}>
      <Typography variant="h2" sx={{ fontSize: '1.15rem', mb: 1 }}>
        {title}
      </Typography>
      {rooms.loading && !rooms.data && <Loading label="Loading rooms" />}
      {rooms.error !== undefined && <ErrorState error={rooms.error} onRetry={rooms.reload} />}
      {rooms.data && shown.length === 0 && <EmptyState title="No rooms yet">{canCreate && <Typography>Create one below to start a meeting.</Typography>}</EmptyState>}
      <List aria-label={title}>
        {shown.map((room) => (
          <ListItem key={room.id} divider secondaryAction={
            <Button variant="contained" size="small" startIcon={<VideoCallIcon />} component={RouterLink} to={`/rooms/${room.id}`} aria-label={`Open room ${room.name}`}>
              Open
            </Button>
          }>
            <ListItemText primary={room.name} secondary={room.status === 'active' && room.activeSessionId ? 'A call is on now' : 'No call right now'} />
          </ListItem>
        ))}
      </List>
      {canCreate && (
        <Stack component="form" direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ mt: 1 }} onSubmit={(e) => { e.preventDefault(); void create(); }}>
          <TextField size="small" label="New room name" value={name} onChange={(e) => setName(e.target.value)} error={!!nameError} helperText={nameError} required slotProps={{ htmlInput: { maxLength: 200 } }} />
          <Button type="submit" variant="outlined" disabled={busy || !name.trim()}>
            Create room
          </Button>
        </Stack>
      )}
      {error !== null && !nameError && <Alert severity="error" sx={{ mt: 1 }}>{problemMessage(error)}</Alert>}
    </Paper>
  );
}
