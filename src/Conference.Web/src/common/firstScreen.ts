/**
 * "The first screen is up": every data load started for the page's first screen (useLoad) has rendered its answer.
 * Work the first screen does not show (the unread count, the live connection) waits for it, then for a painted frame
 * and an idle moment, so it neither delays nor lengthens the page's first render. At most `fallbackMs` after it is
 * asked for, the work runs anyway (a screen that loads nothing, a load that never ends).
 */
let pending = 0;
let shown = false;
const waiters = new Set<() => void>();

function reached() {
  if (shown) return;
  shown = true;
  for (const waiter of [...waiters]) waiter();
  waiters.clear();
}

/** A load of the first screen started; call the returned function once its answer has rendered (or it was dropped). */
export function firstScreenLoad(): () => void {
  if (shown) return () => {};
  pending++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (--pending === 0) reached();
  };
}

/** Runs `work` after the first screen is up, a frame has painted and the main thread is idle. Returns a cancel function. */
export function afterFirstScreen(work: () => void, fallbackMs = 3000): () => void {
  let cancelled = false;
  let started = false;
  const timers: number[] = [];
  const run = () => {
    if (cancelled) return;
    cancelled = true; // once
    work();
  };
  const idle = () => {
    if (cancelled) return;
    if (typeof requestIdleCallback === "function") requestIdleCallback(run, { timeout: 1000 });
    else timers.push(window.setTimeout(run, 50));
  };
  const up = () => {
    waiters.delete(up);
    if (cancelled || started) return;
    started = true;
    // After the next frame (or half a second where frames do not come, e.g. a hidden tab), at an idle moment.
    requestAnimationFrame(() => timers.push(window.setTimeout(idle, 0)));
    timers.push(window.setTimeout(idle, 500));
  };
  timers.push(window.setTimeout(up, fallbackMs));
  if (shown) up();
  else waiters.add(up);
  return () => {
    cancelled = true;
    waiters.delete(up);
    timers.forEach((t) => clearTimeout(t));
  };
}

/** A promise form of afterFirstScreen (not cancellable). */
export const firstScreenUp = (): Promise<void> => new Promise((resolve) => void afterFirstScreen(resolve));

/** For tests: back to a fresh page. */
export function resetFirstScreen() {
  pending = 0;
  shown = false;
  waiters.clear();
}
