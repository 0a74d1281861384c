import { Avatar, Box, Stack, Typography } from '@mui/material';
import MicOffIcon from '@mui/icons-material/MicOff';
import PanToolIcon from '@mui/icons-material/PanTool';
import { useMediaTrack } from './useMediaTrack';
import type { VideoView } from './simulcast';
import { useVideoView } from './useVideoView';

export interface Tile {
  key: string;
  participantId: string;
  name: string;
  source: 'camera' | 'screen';
  track: MediaStreamTrack | null;
  /** The room's track id of a remote video (for SetVideoView); null for our own. */
  trackId: string | null;
  videoOff: boolean;
  micMuted: boolean;
  handRaised: boolean;
  speaking: boolean;
  self: boolean;
  connected: boolean;
}

/** One video in the grid: the picture (or the initials), the name, muted and raised-hand marks, the speaker highlight. */
export function VideoTile({ tile, onView }: { tile: Tile; onView?: (trackId: string, view: VideoView) => void }) {
  const video = useMediaTrack<HTMLVideoElement>(tile.videoOff ? null : tile.track);
  useVideoView(video, tile.videoOff ? null : tile.trackId, tile.source === 'screen' ? 'contain' : 'cover', onView);
  const label = `${tile.name}${tile.self ? ' (you)' : ''}${tile.source === 'screen' ? ', screen' : ''}`;
  const showVideo = !tile.videoOff && tile.track !== null;
  return (
    <Box
      component="figure"
      aria-label={label}
      data-participant-id={tile.participantId}
      data-source={tile.source}
      data-speaking={tile.speaking}
      sx={{
        m: 0, position: 'relative', bgcolor: 'grey.900', borderRadius: 2, overflow: 'hidden', minHeight: 0, minWidth: 0,
        outline: tile.speaking ? '3px solid' : 'none', outlineColor: 'success.main', outlineOffset: -3,
        opacity: tile.connected ? 1 : 0.5,
      }}
    >
      {showVideo ? (
        <Box
          component="video"
          ref={video}
          autoPlay
          playsInline
          muted
          sx={{ width: '100%', height: '100%', objectFit: tile.source === 'screen' ? 'contain' : 'cover', transform: tile.self && tile.source === 'camera' ? 'scaleX(-1)' : 'none', display: 'block' }}
        />
      ) : (
        <Stack sx={{ height: '100%', alignItems: 'center', justifyContent: 'center' }}>
          <Avatar sx={{ width: 64, height: 64, fontSize: 28 }} aria-hidden>
            {initials(tile.name)}
          </Avatar>
        </Stack>
      )}
      <Stack
        component="figcaption"
        direction="row"
        spacing={0.5}
        sx={{ position: 'absolute', left: 8, bottom: 8, alignItems: 'center', bgcolor: 'rgba(0,0,0,0.65)', color: 'common.white', px: 1, py: 0.25, borderRadius: 1 }}
      >
        {tile.handRaised && <PanToolIcon fontSize="small" titleAccess="Hand raised" sx={{ color: 'warning.light' }} />}
        {tile.micMuted && tile.source === 'camera' && <MicOffIcon fontSize="small" titleAccess="Microphone muted" />}
        <Typography variant="body2" component="span">
          {label}
          {!tile.connected && ' — reconnecting'}
        </Typography>
      </Stack>
    </Box>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}
