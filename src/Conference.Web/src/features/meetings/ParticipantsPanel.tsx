import { useStore } from 'zustand';
import { Avatar, Chip, List, ListItem, ListItemAvatar, ListItemText, Stack, Typography } from '@mui/material';
import MicOffIcon from '@mui/icons-material/MicOff';
import PanToolIcon from '@mui/icons-material/PanTool';
import type { MeetingCall } from './meetingCall';

const presenceLabel: Record<string, string> = { online: 'Online', away: 'Away', in_call: 'In call', offline: 'Offline' };

/** Who is in the call: name, role, presence, muted microphone, raised hand. */
export function ParticipantsPanel({ call }: { call: MeetingCall }) {
  const participants = useStore(call.store, (s) => s.participants);
  const presence = useStore(call.store, (s) => s.presence);
  const selfId = useStore(call.store, (s) => s.selfId);
  const list = Object.values(participants).sort((a, b) => a.joinedAt.localeCompare(b.joinedAt));
  return (
    <Stack sx={{ height: '100%', minHeight: 0 }}>
      <Typography variant="h2" sx={{ fontSize: '1.1rem', p: 2, pb: 1 }}>
        Participants ({list.length})
      </Typography>
      <List aria-label="Participants" sx={{ overflowY: 'auto' }}>
        {list.map((p) => {
          const mic = p.tracks.find((t) => t.source === 'microphone');
          const status = !p.connected ? 'Reconnecting' : presenceLabel[presence[p.userId] ?? 'in_call'];
          return (
            <ListItem key={p.participantId} aria-label={`${p.name}${p.handRaised ? ', hand raised' : ''}`}>
              <ListItemAvatar>
                <Avatar aria-hidden>{p.name.slice(0, 1).toUpperCase()}</Avatar>
              </ListItemAvatar>
              <ListItemText
                primary={`${p.name}${p.participantId === selfId ? ' (you)' : ''}`}
                secondary={p.role === 'host' ? 'Host' : 'Participant'}
              />
              <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
                {p.handRaised && <PanToolIcon fontSize="small" titleAccess="Hand raised" color="warning" />}
                {(!mic || mic.muted) && <MicOffIcon fontSize="small" titleAccess="Microphone muted" />}
                <Chip size="small" label={status} variant="outlined" />
              </Stack>
            </ListItem>
          );
        })}
      </List>
    </Stack>
  );
}
