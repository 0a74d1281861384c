import { MenuItem, Stack, TextField } from '@mui/material';

export interface DeviceLists {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
}

export const noDevices: DeviceLists = { cameras: [], microphones: [] };

/** The cameras and microphones the browser offers (labelled once the page has been allowed to use one). */
export async function listDevices(): Promise<DeviceLists> {
  const all = await navigator.mediaDevices.enumerateDevices();
  return { cameras: all.filter((d) => d.kind === 'videoinput'), microphones: all.filter((d) => d.kind === 'audioinput') };
}

interface Props {
  devices: DeviceLists;
  /** The device ids in use ('' or undefined: not known). */
  cameraId: string | undefined;
  microphoneId: string | undefined;
  onCamera(deviceId: string): void;
  onMicrophone(deviceId: string): void;
  disabled?: boolean;
}

/** Camera and microphone pickers, used before joining (PreJoin) and in the call (DevicesDialog). */
export function DeviceSelects({ devices, cameraId, microphoneId, onCamera, onMicrophone, disabled = false }: Props) {
  const select = (label: string, list: MediaDeviceInfo[], value: string | undefined, onChange: (id: string) => void) => (
    <TextField select fullWidth size="small" label={label} value={pick(list, value)} onChange={(e) => onChange(e.target.value)} disabled={disabled || list.length === 0}>
      {list.map((d, i) => (
        <MenuItem key={d.deviceId || i} value={d.deviceId}>
          {d.label || `${label} ${i + 1}`}
        </MenuItem>
      ))}
    </TextField>
  );
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
      {select('Camera', devices.cameras, cameraId, onCamera)}
      {select('Microphone', devices.microphones, microphoneId, onMicrophone)}
    </Stack>
  );
}

/** The device shown as chosen: the one in use when it is listed, else none (''). */
function pick(devices: MediaDeviceInfo[], id: string | undefined): string {
  return id && devices.some((d) => d.deviceId === id) ? id : '';
}
