import { useState } from 'react';
import { Button, Link, List, ListItem, ListItemText, Stack } from '@mui/material';
import { EmptyState, ErrorState } from '../../common/States';
import { duration } from './MeetingHistory';
import { downloadLabels } from './recordingFiles';
import { recordingDownload, type Recording } from './roomsApi';

type FileLink = Awaited<ReturnType<typeof recordingDownload>>['files'][number];

/** The meeting's recordings; download links are fetched on demand (they expire). */
export function MeetingRecordings({ roomId, recordings }: { roomId: string; recordings: Recording[] }) {
  if (recordings.length === 0) return <EmptyState title="This meeting was not recorded" />;
  return (
    <List aria-label="Recordings">
      {recordings.map((r) => <RecordingItem key={r.id} roomId={roomId} recording={r} />)}
    </List>
  );
}

const stateWords: Record<Recording['state'], string> = {
  recording: 'still recording',
  completed: 'completed',
  interrupted: 'interrupted (its media server went away)',
};

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toLocaleString([], { maximumFractionDigits: 1 })} MB`;
}

function RecordingItem({ roomId, recording }: { roomId: string; recording: Recording }) {
  const [links, setLinks] = useState<FileLink[]>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();
  const started = new Date(recording.startedAt).toLocaleTimeString([], { timeStyle: 'short' });
  const files = recording.tracks.filter((t) => Number(t.bytes) > 0).length;
  const details = [
    duration(Math.round(Number(recording.durationMs ?? 0) / 1000)),
    `${files} ${files === 1 ? 'file' : 'files'}, ${megabytes(Number(recording.bytes ?? 0))}`,
    stateWords[recording.state],
  ].join(' · ');

  async function load() {
    setLoading(true);
    setError(undefined);
    try {
      setLinks((await recordingDownload(roomId, recording.id)).files);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }

  const labels = links ? downloadLabels(recording.tracks, links) : [];
  return (
    <ListItem disableGutters sx={{ display: 'block' }}>
      <ListItemText primary={`Recording from ${started}`} secondary={details} />
      {links ? (
        links.length === 0 ? (
          <EmptyState title="Nothing of this recording was stored" />
        ) : (
          <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {links.map((f, i) => (
              <Link key={f.trackId} href={f.url} download>{labels[i]}</Link>
            ))}
          </Stack>
        )
      ) : (
        recording.state !== 'recording' && (
          <Button size="small" onClick={() => void load()} disabled={loading} aria-label={`Get download links of the recording from ${started}`}>
            {loading ? 'Getting download links…' : 'Get download links'}
          </Button>
        )
      )}
      {error !== undefined && <ErrorState error={error} onRetry={() => void load()} />}
    </ListItem>
  );
}
