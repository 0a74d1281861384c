import { lazy, Suspense, useDeferredValue } from "react";
import { Navigate, Outlet, useLocation } from "react-router";
import { useAuth } from "./store";
import { Loading } from "../common/States";

// The sign-in dialog (a form, MUI's Dialog and TextField) is needed only when a session ends mid-work: its own chunk.
const SessionExpiredDialog = lazy(() => import("./SessionExpiredDialog"));

/** Signed-in screens: while the stored session is read, a spinner; signed out, the sign-in page (coming back here after). */
export function RequireAuth() {
  // Deferred: the signed-in screens (layout, project, board) first render as a transition, in slices that yield,
  // not in one long task when the session is restored (the store's own updates always render synchronously).
  const status = useDeferredValue(useAuth((s) => s.status));
  const location = useLocation();
  if (status === "starting") return <Loading label="Signing you in" />;
  if (status === "signedOut") {
    const next = location.pathname + location.search;
    return <Navigate to={`/signin?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <>
      <Outlet />
      {status === "expired" && (
        <Suspense fallback={null}>
          <SessionExpiredDialog />
        </Suspense>
      )}
    </>
  );
}
