import { useParams } from 'react-router';
import { Typography } from '@mui/material';
import { useAuth } from '../../auth/store';
import { useLoad } from '../../common/useLoad';
import { EmptyState, ErrorState, Loading } from '../../common/States';
import { MeetingHistory } from './MeetingHistory';
import { projectMeetings } from './roomsApi';
import { RoomsList } from './RoomsList';

/** A project's "Meetings" tab: its rooms, and its meetings with who attended, how long, and the tasks made in each. */
export function Component() {
  const { projectId = '' } = useParams();
  const role = useAuth((s) => s.user?.role);
  const meetings = useLoad(() => projectMeetings(projectId), [projectId]);
  return (
    <>
      <RoomsList projectId={projectId} canCreate={role !== 'guest'} title="Rooms" />
      <Typography variant="h2" sx={{ fontSize: '1.15rem', mb: 1 }}>
        Meetings
      </Typography>
      {meetings.loading && !meetings.data && <Loading label="Loading meetings" />}
      {meetings.error !== undefined && <ErrorState error={meetings.error} onRetry={meetings.reload} />}
      {meetings.data?.length === 0 && <EmptyState title="No meetings yet">Open a room to hold the first one.</EmptyState>}
      {meetings.data && meetings.data.length > 0 && <MeetingHistory meetings={meetings.data} projectId={projectId} />}
    </>
  );
}
