import { useCallback, useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { Alert, Box, Chip, Drawer, Snackbar, Stack, Typography, useMediaQuery } from '@mui/material';
import { useTheme } from '@mui/material/styles';
import SignalIcon from '@mui/icons-material/NetworkCheck';
import RecordIcon from '@mui/icons-material/FiberManualRecord';
import { problemMessage } from '../../api/problems';
import { CallControls, type Panel } from './CallControls';
import { ChatPanel } from './ChatPanel';
import { gridLayout } from './gridLayout';
import type { MeetingCall } from './meetingCall';
import { ParticipantsPanel } from './ParticipantsPanel';
import { ReactionsOverlay } from './ReactionsOverlay';
import { RemoteAudio } from './RemoteAudio';
import { createInvite } from './roomsApi';
import type { VideoView } from './simulcast';
import { tilesOf } from './tiles';
import { VideoTile } from './VideoTile';

// The icon carries the colour; the text keeps the default contrast.
const qualityColor = { good: 'success.main', fair: 'warning.dark', poor: 'error.main', unknown: 'text.secondary' } as const;

/** The call: the adaptive grid, the reconnecting banner, the recording indicator, the quality badge, the controls and the chat/people panel. */
export function CallView({ call, roomName, projectId, canInvite, onLeave }: { call: MeetingCall; roomName: string; projectId: string | null; canInvite: boolean; onLeave(): void }) {
  const theme = useTheme();
  const wide = useMediaQuery(theme.breakpoints.up('md'), { noSsr: true }); // no SSR: the first render already knows (no second pass)
  const state = useStore(call.store);
  const [panel, setPanel] = useState<Panel>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const grid = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 1280, height: 720 });
  const onView = useCallback((trackId: string, view: VideoView) => call.setVideoView(trackId, view), [call]);

  useEffect(() => {
    const element = grid.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setSize({ width: entry.contentRect.width, height: entry.contentRect.height }));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    call.setChatOpen(panel === 'chat');
  }, [call, panel]);

  const tiles = tilesOf(state, (source) => call.localTrack(source));
  const layout = gridLayout(tiles.length, size.width, size.height);
  const audio = state.remoteTracks.filter((t) => t.kind === 'audio');

  async function invite() {
    try {
      const link = await createInvite(call.store.getState().room!.id);
      await navigator.clipboard?.writeText(link).catch(() => undefined);
      setNotice(`Invite link copied: ${link}`);
    } catch (e) {
      setNotice(problemMessage(e, 'The invite link could not be created.'));
    }
  }

  const side = panel === 'chat' ? <ChatPanel call={call} projectId={projectId} /> : panel === 'people' ? <ParticipantsPanel call={call} /> : null;

  return (
    <Stack component="main" sx={{ height: '100dvh', bgcolor: 'grey.100' }}>
      <Stack direction="row" sx={{ px: 2, py: 1, alignItems: 'center', gap: 1, bgcolor: 'background.paper' }}>
        <Typography variant="h1" sx={{ fontSize: '1.15rem', flex: 1, minWidth: 0 }} noWrap>
          {roomName}
        </Typography>
        {state.recording && (
          <Chip size="small" role="status" color="error" icon={<RecordIcon />} label="Recording" aria-label="This call is being recorded" />
        )}
        <Chip
          size="small"
          icon={<SignalIcon sx={{ '&&': { color: qualityColor[state.quality] } }} />}
          label={`Connection: ${state.quality}`}
          variant="outlined"
        />
        <Typography variant="body2" color="text.secondary">
          {Object.keys(state.participants).length} in call
        </Typography>
      </Stack>
      {state.phase === 'reconnecting' && (
        <Alert severity="warning" role="status" sx={{ borderRadius: 0 }}>
          Reconnecting to the server… You stay in the call meanwhile.
        </Alert>
      )}
      {state.error && state.phase !== 'reconnecting' && (
        <Alert severity="error" sx={{ borderRadius: 0 }} onClose={() => call.store.setState({ error: null })}>
          {state.error}
        </Alert>
      )}
      <Stack direction="row" sx={{ flex: 1, minHeight: 0 }}>
        <Box sx={{ flex: 1, minWidth: 0, position: 'relative', p: 1 }}>
          <Box
            ref={grid}
            role="region"
            aria-label="Participants' videos"
            sx={{ height: '100%', display: 'grid', gap: 1, gridTemplateColumns: `repeat(${layout.columns}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${layout.rows}, minmax(0, 1fr))` }}
          >
            {tiles.map((tile) => (
              <VideoTile key={tile.key} tile={tile} onView={onView} />
            ))}
          </Box>
          <ReactionsOverlay call={call} />
        </Box>
        {wide && side && (
          <Box component="aside" aria-label={panel === 'chat' ? 'Chat' : 'Participants'} sx={{ width: 360, borderLeft: 1, borderColor: 'divider', bgcolor: 'background.paper' }}>
            {side}
          </Box>
        )}
      </Stack>
      {!wide && (
        <Drawer anchor="bottom" open={side !== null} onClose={() => setPanel(null)} slotProps={{ paper: { sx: { height: '75dvh' } } }}>
          {side}
        </Drawer>
      )}
      <CallControls call={call} panel={panel} onPanel={setPanel} onInvite={canInvite ? () => void invite() : null} onLeave={onLeave} onError={setNotice} />
      {audio.map((t) => (
        <RemoteAudio key={t.mid} track={t.track} />
      ))}
      <Snackbar open={notice !== null} autoHideDuration={6000} onClose={() => setNotice(null)} message={notice} />
    </Stack>
  );
}
