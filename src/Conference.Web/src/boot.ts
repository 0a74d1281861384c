import { firstScreenModules } from "./routeModules";
import { refreshTokenStore } from "./auth/refreshTokenStore";
import "./base.css";

/**
 * The page's first script: small and without dependencies, so it runs as soon as it arrives. For a returning user
 * (a stored session) opening a board, it starts loading the board's screens now, in parallel with React, the router
 * and the app (index.html preloads those), instead of after they have been evaluated and the router has matched the
 * path: one round trip and a download less before the board can render. Then it starts the app in steps, each its
 * own task (one long task would keep the page from answering input meanwhile): React, the session (and the opened
 * project's data: the requests go out while React DOM is evaluated), React DOM, then the router and the first render
 * (main.tsx). The first render waits until the session is known and the opened board's data is here (at most
 * `firstScreenWaitMs`; the boot screen shows meanwhile): React then renders the whole first screen once, instead of a
 * spinner, the frame, the project and the board one after the other, each with its own render, style, layout and
 * paint (and the session's and the directory's store updates rendered synchronously).
 */
const path = window.location.pathname;
if (refreshTokenStore.get()) for (const load of firstScreenModules(path)) void load().catch(() => undefined);

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const firstScreenWaitMs = 2000;
const atMost = (work: Promise<unknown>, ms: number) => Promise.race([work, new Promise((resolve) => setTimeout(resolve, ms))]);
let session: Promise<unknown> = Promise.resolve();
void import("react")
  .then(nextTask)
  .then(() => import("./auth/startSession"))
  .then(({ startSession }) => void (session = atMost(startSession(path), firstScreenWaitMs)))
  .then(nextTask)
  .then(() => import("react-dom/client"))
  .then(() => session)
  .then(nextTask)
  .then(() => import("./main"));
