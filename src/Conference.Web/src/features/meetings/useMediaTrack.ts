import { useEffect, useRef } from 'react';

/** A <video>/<audio> ref that plays <paramref name="track"/> (or nothing when null). */
export function useMediaTrack<T extends HTMLMediaElement>(track: MediaStreamTrack | null) {
  const ref = useRef<T>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.srcObject = track ? new MediaStream([track]) : null;
    if (track) void element.play().catch(() => undefined);
  }, [track]);
  return ref;
}
