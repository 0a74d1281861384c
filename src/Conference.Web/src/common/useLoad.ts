import { startTransition, useCallback, useEffect, useRef, useState } from "react";

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
 * long task. Local changes (setData) stay urgent.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const ticket = ++latest.current;
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
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  const setData = useCallback((update: (current: T | undefined) => T | undefined) => setState(update), []);
  return { data, error, loading, reload, setData };
}
