import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, LinearProgress } from '@mui/material';
import { DeviceSelects, listDevices, noDevices, type DeviceLists } from './DeviceSelects';
import type { MeetingCall } from './meetingCall';

/** In the call: pick another camera or microphone; the switch happens at once, in the same call. */
export function DevicesDialog({ call, onClose }: { call: MeetingCall; onClose(): void }) {
  const local = useStore(call.store, (s) => s.local);
  const [devices, setDevices] = useState<DeviceLists>(noDevices);
  const [loading, setLoading] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    listDevices()
      .then((found) => !cancelled && setDevices(found))
      .catch(() => !cancelled && setError('The list of cameras and microphones could not be read.'))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, []);

  async function use(source: 'camera' | 'microphone', deviceId: string) {
    setBusy(true);
    setError(null);
    try {
      await call.switchDevice(source, deviceId);
    } catch (e) {
      setError(`The ${source} could not be switched (${e instanceof Error ? e.message : String(e)}).`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open onClose={onClose} aria-labelledby="devices-title" fullWidth maxWidth="sm">
      <DialogTitle id="devices-title">Camera and microphone</DialogTitle>
      <DialogContent>
        {(loading || busy) && <LinearProgress aria-label={loading ? 'Looking for devices' : 'Switching device'} sx={{ mb: 2 }} />}
        {error && <Alert severity="error" sx={{ mb: 2 }}>{error}</Alert>}
        {!loading && devices.cameras.length === 0 && devices.microphones.length === 0 && (
          <Alert severity="info" sx={{ mb: 2 }}>No camera or microphone was found.</Alert>
        )}
        <Box sx={{ pt: 1 }}>
          <DeviceSelects
            devices={devices}
            cameraId={local.cameraDevice ?? undefined}
            microphoneId={local.microphoneDevice ?? undefined}
            onCamera={(id) => void use('camera', id)}
            onMicrophone={(id) => void use('microphone', id)}
            disabled={busy}
          />
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Done</Button>
      </DialogActions>
    </Dialog>
  );
}
