import { useMediaTrack } from './useMediaTrack';

/** Plays one participant's microphone (video elements stay muted; sound comes from here). */
export function RemoteAudio({ track }: { track: MediaStreamTrack }) {
  const ref = useMediaTrack<HTMLAudioElement>(track);
  return <audio ref={ref} autoPlay hidden />;
}
