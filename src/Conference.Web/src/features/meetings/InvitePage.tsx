import { Navigate, useParams } from 'react-router';

/** An invite link (/invite/:roomId/:token) opens the room's pre-join screen with the invite for a signed-in outsider. */
export function Component() {
  const { roomId, token } = useParams();
  return <Navigate to={`/rooms/${roomId}?invite=${encodeURIComponent(token ?? '')}`} replace />;
}
