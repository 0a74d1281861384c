import { firstScreenModules } from "./routeModules";
import { refreshTokenStore } from "./auth/refreshTokenStore";
import "./base.css";

/**
 * The page's first script: small and without dependencies, so it runs as soon as it arrives. For a returning user
 * (a stored session) opening a board, it starts loading the board's screens now, in parallel with React, the router
 * and the app (index.html preloads those), instead of after they have been evaluated and the router has matched the
 * path: one round trip and a download less before the board can render. Then it starts the app in steps, each its
 * own task (one long task would keep the page from answering input meanwhile): React, React DOM, the session (and the
 * opened project's data), then the router and the first render (main.tsx).
 */
const path = window.location.pathname;
if (refreshTokenStore.get()) for (const load of firstScreenModules(path)) void load().catch(() => undefined);

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
void import("react")
  .then(nextTask)
  .then(() => import("react-dom/client"))
  .then(nextTask)
  .then(() => import("./auth/startSession"))
  .then(({ startSession }) => startSession(path))
  .then(nextTask)
  .then(() => import("./main"));
