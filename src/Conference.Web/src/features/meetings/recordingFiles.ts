import type { Schemas } from '../../api/client';

type Track = Pick<Schemas['RecordedTrack'], 'trackId' | 'name' | 'source' | 'kind'>;
type Link = Pick<Schemas['RecordingFileLink'], 'trackId' | 'kind'>;

const sourceWords: Record<string, string> = { camera: 'camera', microphone: 'microphone', screen: 'screen share' };

/**
 * The accessible name of each file's download link: whose track and which source ("Download Ada's camera").
 * A name that would repeat (a camera published twice) gets a number, so every link says which file it is.
 */
export function downloadLabels(tracks: Track[], links: Link[]): string[] {
  const seen = new Map<string, number>();
  return links.map((link) => {
    const track = tracks.find((t) => t.trackId === link.trackId);
    const what = sourceWords[track?.source ?? ''] ?? track?.kind ?? link.kind;
    const base = `Download ${track?.name ?? 'a participant'}'s ${what}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}
