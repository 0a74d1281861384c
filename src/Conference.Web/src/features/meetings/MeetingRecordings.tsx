import { useState } from 'react';
import { Button, Link, List, ListItem, ListItemText, Stack } from '@mui/material';
import { EmptyState, ErrorState } from '../../common/States';
import { duration } from './MeetingHistory';
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

function RecordingItem({ roomId, recording }: { roomId: string; recording: Recording }) {
  const [links, setLinks] = useState<FileLink[]>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();
  const started = new Date(recording.startedAt).toLocaleTimeString([], { timeStyle: 'short' });
  const state = recording.state === 'interrupted' ? 'interrupted (its media server went away)' : recording.state;

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

  const nameOf = (f: FileLink) => recording.tracks.find((t) => t.trackId === f.trackId)?.name ?? 'participant';
  return (
    <ListItem disableGutters sx={{ display: 'block' }}>
      <ListItemText primary={`Recording from ${started}`} secondary={`${duration(Math.round(Number(recording.durationMs) / 1000))} · ${state}`} />
      {links ? (
        <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
          {links.map((f) => (
            <Link key={f.trackId} href={f.url} download>{`Download ${nameOf(f)}'s ${f.kind}`}</Link>
          ))}
        </Stack>
      ) : (
        <Button size="small" onClick={() => void load()} disabled={loading || recording.state === 'recording'}>
          {loading ? 'Getting download links…' : 'Get download links'}
        </Button>
      )}
      {error !== undefined && <ErrorState error={error} onRetry={() => void load()} />}
    </ListItem>
  );
}
