import { Suspense, useEffect, useState } from "react";
import { Outlet, useNavigate } from "react-router";
import { useAuth } from "../auth/store";
import { useNotifications } from "../features/notifications/store";
import { closeLiveHub, onLive } from "../live/hub";
import { afterFirstScreen } from "../common/firstScreen";
import { Icon } from "../common/icons";
import { NavLinks } from "./NavLinks";
import type { Schemas } from "../api/client";
import { lazyThemed } from "./withTheme";
import "./app.css";

// On phones the navigation is a drawer (MUI's, with its focus trap and backdrop): loaded when first opened.
const NavDrawer = lazyThemed(() => import("./NavDrawer"));

/**
 * The signed-in frame: app bar, navigation (a fixed column from 900 px, a drawer below), the screen, and the live
 * notification count. Plain elements with a static stylesheet (app.css): the first screen of every signed-in page.
 */
export function Component() {
  const [open, setOpen] = useState(false);
  const [drawerUsed, setDrawerUsed] = useState(false);
  const user = useAuth((s) => s.user);
  const signOut = useAuth((s) => s.signOut);
  const navigate = useNavigate();

  // Not needed for the first paint: the unread count and the live connection start once the screen is up.
  useEffect(() => {
    let stop = () => {};
    const cancel = afterFirstScreen(() => {
      void useNotifications.getState().loadUnread().catch(() => undefined);
      stop = onLive<Schemas["Notification"]>("notification", (n) => useNotifications.getState().received(n));
    });
    return () => {
      cancel();
      stop();
    };
  }, []);

  async function leave() {
    await closeLiveHub();
    useNotifications.getState().reset();
    await signOut();
    navigate("/signin");
  }

  return (
    <div className="shell">
      <header className="app-bar">
        <button
          type="button"
          className="icon-btn menu-btn"
          aria-label="Open navigation"
          onClick={() => {
            setDrawerUsed(true);
            setOpen(true);
          }}
        >
          <Icon name="menu" />
        </button>
        <p className="app-title">Conference</p>
        <p className="app-user" data-testid="current-user">
          {user?.name}
        </p>
        <button type="button" className="icon-btn" aria-label="Sign out" title="Sign out" onClick={() => void leave()}>
          <Icon name="logout" />
        </button>
      </header>
      <div className="side-nav">
        <div className="side-nav-paper">
          <div className="bar-space" />
          <NavLinks admin={user?.role === "admin"} />
        </div>
      </div>
      {drawerUsed && (
        <Suspense fallback={null}>
          <NavDrawer open={open} onClose={() => setOpen(false)} admin={user?.role === "admin"} />
        </Suspense>
      )}
      <main className="screen">
        <div className="bar-space" />
        <Outlet />
      </main>
    </div>
  );
}
