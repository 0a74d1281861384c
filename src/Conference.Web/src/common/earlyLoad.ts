/**
 * A load started before the screen that needs it is there (one round trip less), handed to that screen once:
 * `prefetch(key)` starts it (once while it is fresh); `take(key)` returns it when it is for the same key and recent, else loads anew.
 */
export function earlyLoad<T>(load: (key: string) => Promise<T>, maxAgeMs = 10_000) {
  let early: { key: string; at: number; value: Promise<T> } | null = null;
  return {
    prefetch(key: string, now = Date.now()): void {
      if (early && early.key === key && now - early.at < maxAgeMs) return; // already under way
      const value = load(key);
      early = { key, at: now, value };
      // A failed early load is dropped (e.g. a session that turned out to be over): the screen loads anew.
      value.catch(() => {
        if (early?.value === value) early = null;
      });
    },
    take(key: string, now = Date.now()): Promise<T> {
      const taken = early;
      early = null;
      return taken && taken.key === key && now - taken.at < maxAgeMs ? taken.value : load(key);
    },
  };
}
