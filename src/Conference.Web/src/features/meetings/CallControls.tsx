import { useState } from 'react';
import { useStore } from 'zustand';
import { Badge, IconButton, Menu, MenuItem, Paper, Stack, Tooltip } from '@mui/material';
import MicIcon from '@mui/icons-material/Mic';
import MicOffIcon from '@mui/icons-material/MicOff';
import VideocamIcon from '@mui/icons-material/Videocam';
import VideocamOffIcon from '@mui/icons-material/VideocamOff';
import ScreenShareIcon from '@mui/icons-material/ScreenShare';
import StopScreenShareIcon from '@mui/icons-material/StopScreenShare';
import PanToolIcon from '@mui/icons-material/PanToolOutlined';
import EmojiIcon from '@mui/icons-material/EmojiEmotionsOutlined';
import ChatIcon from '@mui/icons-material/ChatBubbleOutline';
import PeopleIcon from '@mui/icons-material/PeopleOutline';
import LinkIcon from '@mui/icons-material/Link';
import CallEndIcon from '@mui/icons-material/CallEnd';
import SettingsIcon from '@mui/icons-material/SettingsOutlined';
import RecordIcon from '@mui/icons-material/FiberManualRecord';
import StopRecordIcon from '@mui/icons-material/StopCircleOutlined';
import { unreadCount } from './chatLog';
import { reactionEmojis } from './dataMessages';
import { messageOf, type MeetingCall } from './meetingCall';
import { DevicesDialog } from './DevicesDialog';

export type Panel = 'chat' | 'people' | null;

interface Props {
  call: MeetingCall;
  panel: Panel;
  onPanel(panel: Panel): void;
  onInvite: (() => void) | null;
  onLeave(): void;
  onError(message: string): void;
}

/** The call's buttons, each labelled and reachable by keyboard; toggles say whether they are on (aria-pressed). */
export function CallControls({ call, panel, onPanel, onInvite, onLeave, onError }: Props) {
  const local = useStore(call.store, (s) => s.local);
  const recording = useStore(call.store, (s) => s.recording !== null);
  const isHost = useStore(call.store, (s) => (s.selfId ? s.participants[s.selfId]?.role === 'host' : false));
  const [switchingRecording, setSwitchingRecording] = useState(false);
  const unread = useStore(call.store, (s) => unreadCount(s.messages, s.lastReadSequence, s.selfUserId ?? ''));
  const [reactionsAnchor, setReactionsAnchor] = useState<HTMLElement | null>(null);
  const [choosingDevices, setChoosingDevices] = useState(false);
  const canShare = typeof navigator.mediaDevices?.getDisplayMedia === 'function';

  const run = (action: () => Promise<void>, failure: string) => () => void action().catch(() => onError(failure));

  async function toggleScreen() {
    if (local.screenSharing) return call.stopScreen();
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 15 }, audio: false });
    } catch {
      return; // the user chose not to share
    }
    await call.shareScreen(stream);
  }

  async function toggleRecording() {
    setSwitchingRecording(true);
    try {
      await call.setRecording(!recording);
    } catch (e) {
      onError(messageOf(e));
    } finally {
      setSwitchingRecording(false);
    }
  }

  const button = (label: string, icon: React.ReactNode, onClick: () => void, options: { pressed?: boolean; color?: 'error' | 'primary' | 'default' | 'warning' } = {}) => (
    <Tooltip title={label}>
      <IconButton aria-label={label} aria-pressed={options.pressed} onClick={onClick} color={options.color ?? 'default'} sx={{ bgcolor: 'action.hover' }}>
        {icon}
      </IconButton>
    </Tooltip>
  );

  return (
    <Paper component="nav" aria-label="Call controls" square elevation={3} sx={{ px: 1, py: 1 }}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ justifyContent: 'center', flexWrap: 'wrap' }}>
        {button(local.micMuted ? 'Unmute microphone' : 'Mute microphone', local.micMuted ? <MicOffIcon /> : <MicIcon />, run(() => call.toggleMicrophone(), 'The microphone could not be switched.'), { pressed: local.micMuted, color: local.micMuted ? 'error' : 'default' })}
        {button(local.cameraOff ? 'Turn on camera' : 'Turn off camera', local.cameraOff ? <VideocamOffIcon /> : <VideocamIcon />, run(() => call.toggleCamera(), 'The camera could not be switched.'), { pressed: local.cameraOff, color: local.cameraOff ? 'error' : 'default' })}
        {canShare && button(local.screenSharing ? 'Stop sharing your screen' : 'Share your screen', local.screenSharing ? <StopScreenShareIcon /> : <ScreenShareIcon />, run(toggleScreen, 'The screen could not be shared.'), { pressed: local.screenSharing, color: local.screenSharing ? 'primary' : 'default' })}
        {button(local.handRaised ? 'Lower your hand' : 'Raise your hand', <PanToolIcon />, () => call.raiseHand(!local.handRaised), { pressed: local.handRaised, color: local.handRaised ? 'warning' : 'default' })}
        <Tooltip title="Send a reaction">
          <IconButton aria-label="Send a reaction" aria-haspopup="menu" onClick={(e) => setReactionsAnchor(e.currentTarget)} sx={{ bgcolor: 'action.hover' }}>
            <EmojiIcon />
          </IconButton>
        </Tooltip>
        <Menu anchorEl={reactionsAnchor} open={reactionsAnchor !== null} onClose={() => setReactionsAnchor(null)} slotProps={{ list: { 'aria-label': 'Reactions' } }}>
          {reactionEmojis.map((emoji) => (
            <MenuItem key={emoji} onClick={() => { call.react(emoji); setReactionsAnchor(null); }} aria-label={`React with ${emoji}`}>
              <span aria-hidden>{emoji}</span>
            </MenuItem>
          ))}
        </Menu>
        <Tooltip title="Chat">
          <IconButton aria-label={unread ? `Chat, ${unread} unread` : 'Chat'} aria-pressed={panel === 'chat'} onClick={() => onPanel(panel === 'chat' ? null : 'chat')} sx={{ bgcolor: 'action.hover' }} color={panel === 'chat' ? 'primary' : 'default'}>
            <Badge badgeContent={unread > 0 ? unread : undefined} color="error" max={99}>
              <ChatIcon />
            </Badge>
          </IconButton>
        </Tooltip>
        {button('Participants', <PeopleIcon />, () => onPanel(panel === 'people' ? null : 'people'), { pressed: panel === 'people', color: panel === 'people' ? 'primary' : 'default' })}
        {button('Camera and microphone', <SettingsIcon />, () => setChoosingDevices(true))}
        {onInvite && button('Copy invite link', <LinkIcon />, onInvite)}
        {isHost && (
          <Tooltip title={recording ? 'Stop recording' : 'Start recording'}>
            <span>
              <IconButton aria-label={recording ? 'Stop recording' : 'Start recording'} aria-pressed={recording} disabled={switchingRecording}
                onClick={() => void toggleRecording()} color={recording ? 'error' : 'default'} sx={{ bgcolor: 'action.hover' }}>
                {recording ? <StopRecordIcon /> : <RecordIcon />}
              </IconButton>
            </span>
          </Tooltip>
        )}
        <Tooltip title="Leave the call">
          <IconButton aria-label="Leave the call" onClick={onLeave} sx={{ bgcolor: 'error.main', color: 'error.contrastText', '&:hover': { bgcolor: 'error.dark' } }}>
            <CallEndIcon />
          </IconButton>
        </Tooltip>
      </Stack>
      {choosingDevices && <DevicesDialog call={call} onClose={() => setChoosingDevices(false)} />}
    </Paper>
  );
}
