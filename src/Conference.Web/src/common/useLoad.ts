import { startTransition, useCallback, useEffect, useRef, useState } from "react";
import { firstScreenLoad } from "./firstScreen";

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  /** Replaces the data locally (an optimistic change or a live update). */
  setData(update: (current: T | undefined) => T | undefined): void;
}

/**
 * Runs `load` when its dependencies change; keeps the last answer while reloading; ignores stale answers. The answer
 * is rendered as a transition: React renders a large screen (a board) in slices that yield to input instead of one
 * long task. Local changes (setData) stay urgent. `ready` may give the answer at once for the first render (a load
 * started at start-up that has already answered): then the screen renders it without a loading state and without
 * loading again.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[], ready?: () => T | undefined): Loaded<T> {
  const [initial] = useState(() => ready?.());
  const [data, setState] = useState<T | undefined>(initial);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(initial === undefined);
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  const rendered = useRef<() => void>(() => {});

  useEffect(() => {
    const ticket = ++latest.current;
    const done = firstScreenLoad();
    rendered.current = done;
    if (ticket === 1 && initial !== undefined) return done; // the answer was there for the first render
    setLoading(true);
    load().then(
      (value) => {
        if (ticket !== latest.current) return;
        startTransition(() => {
          setState(value);
          setError(undefined);
          setLoading(false);
        });
      },
      (failure) => {
        if (ticket !== latest.current) return;
        startTransition(() => {
          setError(failure ?? "The request failed.");
          setLoading(false);
        });
      },
    );
    return done; // replaced by a newer load, or the screen went away
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);
  // The answer has rendered: work deferred until the first screen is up may start once every such load is here.
  useEffect(() => {
    if (!loading) rendered.current();
  }, [loading]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  const setData = useCallback((update: (current: T | undefined) => T | undefined) => setState(update), []);
  return { data, error, loading, reload, setData };
}
