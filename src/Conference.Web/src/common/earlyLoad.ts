/**
 * A load started before the screen that needs it is there (one round trip less), handed to that screen once:
 * `prefetch(key)` starts it (once while it is fresh); `take(key)` returns it when it is for the same key and recent, else loads anew;
 * `ready(key)` returns its answer when that is already here (the screen then renders it at once, without a loading state).
 */
export function earlyLoad<T>(load: (key: string) => Promise<T>, maxAgeMs = 10_000) {
  let early: { key: string; at: number; value: Promise<T>; answer?: { value: T } } | null = null;
  const fresh = (key: string, now: number) => (early && early.key === key && now - early.at < maxAgeMs ? early : null);
  return {
    /** Starts the load (unless one for the key is under way); the returned promise settles with it and never fails. */
    prefetch(key: string, now = Date.now()): Promise<void> {
      const current = fresh(key, now);
      if (current) return current.value.then(settled, settled); // already under way
      const entry: NonNullable<typeof early> = { key, at: now, value: load(key) };
      early = entry;
      return entry.value.then(
        (value) => void (entry.answer = { value }),
        // A failed early load is dropped (e.g. a session that turned out to be over): the screen loads anew.
        () => void (early === entry && (early = null)),
      );
    },
    take(key: string, now = Date.now()): Promise<T> {
      const taken = fresh(key, now);
      early = null;
      return taken ? taken.value : load(key);
    },
    /** The early load's answer when it is for this key, recent and already here (taken once), else undefined. */
    ready(key: string, now = Date.now()): T | undefined {
      const answer = fresh(key, now)?.answer;
      if (answer) early = null;
      return answer?.value;
    },
  };
}

const settled = () => undefined;
