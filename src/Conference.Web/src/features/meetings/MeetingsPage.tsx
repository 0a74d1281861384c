import { Box, Typography } from '@mui/material';
import { useAuth } from '../../auth/store';
import { RoomsList } from './RoomsList';

/** /meetings: ad-hoc rooms (outside any project); a project's rooms are on its Meetings tab. */
export function Component() {
  const role = useAuth((s) => s.user?.role);
  return (
    <Box>
      <Typography variant="h1" sx={{ fontSize: '1.5rem', mb: 2 }}>
        Meetings
      </Typography>
      <RoomsList canCreate={role !== 'guest'} title="Ad-hoc rooms" />
      <Typography color="text.secondary">A project’s rooms and its meeting history are on the project’s Meetings tab.</Typography>
    </Box>
  );
}
