import { useEffect, useRef, useState } from 'react';
import { Alert, Box, Button, IconButton, LinearProgress, Paper, Stack, Tooltip, Typography } from '@mui/material';
import MicIcon from '@mui/icons-material/Mic';
import MicOffIcon from '@mui/icons-material/MicOff';
import VideocamIcon from '@mui/icons-material/Videocam';
import VideocamOffIcon from '@mui/icons-material/VideocamOff';
import { watchLevel } from './audioLevel';
import { useMediaTrack } from './useMediaTrack';
import { DeviceSelects, listDevices, noDevices, type DeviceLists } from './DeviceSelects';

export interface JoinChoice {
  stream: MediaStream | null;
  muted: { audio: boolean; video: boolean };
}

/** Before entering: camera preview, microphone level, device pickers and on/off toggles, then Join. */
export function PreJoin({ roomName, onJoin, joining }: { roomName: string; onJoin(choice: JoinChoice): void; joining: boolean }) {
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [devices, setDevices] = useState<DeviceLists>(noDevices);
  const [cameraId, setCameraId] = useState('');
  const [microphoneId, setMicrophoneId] = useState('');
  const [micOn, setMicOn] = useState(true);
  const [camOn, setCamOn] = useState(true);
  const [level, setLevel] = useState(0);
  const handedOver = useRef(false);

  useEffect(() => {
    let cancelled = false;
    let opened: MediaStream | null = null;
    setLoading(true);
    navigator.mediaDevices
      .getUserMedia({
        audio: microphoneId ? { deviceId: { exact: microphoneId } } : true,
        video: { ...(cameraId ? { deviceId: { exact: cameraId } } : {}), width: { ideal: 640 }, height: { ideal: 360 } },
      })
      .then(async (media) => {
        if (cancelled) return media.getTracks().forEach((t) => t.stop());
        opened = media;
        setStream(media);
        setError(null);
        setDevices(await listDevices());
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        setStream(null);
        setError(`Your camera or microphone is not available (${e instanceof Error ? e.message : String(e)}). You can still join without them.`);
      })
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
      if (opened && !handedOver.current) opened.getTracks().forEach((t) => t.stop());
    };
  }, [cameraId, microphoneId]);

  const audioTrack = stream?.getAudioTracks()[0] ?? null;
  const videoTrack = stream?.getVideoTracks()[0] ?? null;
  const preview = useMediaTrack<HTMLVideoElement>(camOn ? videoTrack : null);

  useEffect(() => {
    if (!audioTrack || !micOn) return setLevel(0);
    try {
      return watchLevel(audioTrack, setLevel);
    } catch {
      return undefined;
    }
  }, [audioTrack, micOn]);

  function join() {
    handedOver.current = true;
    onJoin({ stream, muted: { audio: !micOn, video: !camOn } });
  }

  return (
    <Box component="main" sx={{ p: { xs: 2, sm: 4 }, maxWidth: 720, mx: 'auto' }}>
      <Typography variant="h1" sx={{ fontSize: '1.5rem', mb: 2 }}>
        Join “{roomName}”
      </Typography>
      <Paper variant="outlined" sx={{ p: 2 }}>
        <Box sx={{ position: 'relative', bgcolor: 'grey.900', borderRadius: 1, aspectRatio: '16 / 9', overflow: 'hidden' }}>
          {loading && <LinearProgress aria-label="Starting your camera" sx={{ position: 'absolute', top: 0, left: 0, right: 0 }} />}
          {camOn && videoTrack ? (
            <Box component="video" ref={preview} autoPlay playsInline muted aria-label="Your camera preview" sx={{ width: '100%', height: '100%', objectFit: 'cover', transform: 'scaleX(-1)' }} />
          ) : (
            <Stack sx={{ height: '100%', alignItems: 'center', justifyContent: 'center', color: 'grey.300' }}>
              <Typography>{camOn ? 'No camera' : 'Camera is off'}</Typography>
            </Stack>
          )}
        </Box>
        {error && <Alert severity="warning" sx={{ mt: 2 }}>{error}</Alert>}
        <Stack direction="row" spacing={1} sx={{ mt: 2, alignItems: 'center' }}>
          <Tooltip title={micOn ? 'Turn off microphone' : 'Turn on microphone'}>
            <IconButton aria-label={micOn ? 'Turn off microphone' : 'Turn on microphone'} aria-pressed={!micOn} onClick={() => setMicOn(!micOn)} color={micOn ? 'primary' : 'error'}>
              {micOn ? <MicIcon /> : <MicOffIcon />}
            </IconButton>
          </Tooltip>
          <Tooltip title={camOn ? 'Turn off camera' : 'Turn on camera'}>
            <IconButton aria-label={camOn ? 'Turn off camera' : 'Turn on camera'} aria-pressed={!camOn} onClick={() => setCamOn(!camOn)} color={camOn ? 'primary' : 'error'}>
              {camOn ? <VideocamIcon /> : <VideocamOffIcon />}
            </IconButton>
          </Tooltip>
          <Box sx={{ flex: 1 }}>
            <Typography variant="caption" id="mic-level-label">
              Microphone level
            </Typography>
            <LinearProgress variant="determinate" value={Math.round(level * 100)} aria-labelledby="mic-level-label" />
          </Box>
        </Stack>
        <Box sx={{ mt: 2 }}>
          <DeviceSelects
            devices={devices}
            cameraId={cameraId || videoTrack?.getSettings().deviceId}
            microphoneId={microphoneId || audioTrack?.getSettings().deviceId}
            onCamera={setCameraId}
            onMicrophone={setMicrophoneId}
          />
        </Box>
        <Button variant="contained" size="large" sx={{ mt: 3 }} fullWidth onClick={join} disabled={joining || loading}>
          {joining ? 'Joining…' : 'Join now'}
        </Button>
      </Paper>
    </Box>
  );
}
