import { Suspense } from "react";
import { Navigate, Outlet, useLocation } from "react-router";
import { useAuth } from "./store";
import { Loading } from "../common/States";
import { lazyThemed } from "../shell/withTheme";

// The sign-in dialog (a form, MUI's Dialog and TextField) is needed only when a session ends mid-work: its own chunk.
const SessionExpiredDialog = lazyThemed(() => import("./SessionExpiredDialog"));

/** Signed-in screens: while the stored session is read, a spinner; signed out, the sign-in page (coming back here after). */
export function RequireAuth() {
  const status = useAuth((s) => s.status);
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
