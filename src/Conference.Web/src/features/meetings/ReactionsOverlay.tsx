import { useStore } from 'zustand';
import { Box, Typography } from '@mui/material';
import type { MeetingCall } from './meetingCall';

/** Reactions float over the grid for a few seconds, with who sent them (announced to screen readers). */
export function ReactionsOverlay({ call }: { call: MeetingCall }) {
  const reactions = useStore(call.store, (s) => s.reactions);
  const participants = useStore(call.store, (s) => s.participants);
  return (
    <Box aria-live="polite" sx={{ position: 'absolute', left: 16, bottom: 16, display: 'flex', flexDirection: 'column', gap: 1, pointerEvents: 'none' }}>
      {reactions.map((r) => (
        <Typography key={r.id} sx={{ bgcolor: 'rgba(0,0,0,0.7)', color: 'common.white', px: 1.5, py: 0.5, borderRadius: 4 }}>
          <span role="img" aria-label={`reaction ${r.emoji}`}>{r.emoji}</span> {participants[r.participantId]?.name ?? 'Someone'}
        </Typography>
      ))}
    </Box>
  );
}
