import { Navigate, useParams } from "react-router";

/** An invite link: opens the room for the signed-in user (placeholder until the meetings work lands). */
export function Component() {
  const { roomId, token } = useParams();
  return <Navigate to={`/rooms/${roomId}?invite=${encodeURIComponent(token ?? "")}`} replace />;
}
