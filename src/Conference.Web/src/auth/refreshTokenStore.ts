/**
 * Where the refresh token lives between page loads: localStorage (one per browser profile, shared by tabs).
 * The access token stays in memory only. Rotation across tabs is serialised with a Web Lock, so two tabs never
 * present the same refresh token (the server revokes the whole family on reuse).
 */
const key = "conference.refreshToken";

const memory = new Map<string, string>();
const storage: Pick<Storage, "getItem" | "setItem" | "removeItem"> =
  typeof localStorage !== "undefined"
    ? localStorage
    : { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => void memory.set(k, v), removeItem: (k) => void memory.delete(k) };

export const refreshTokenStore = {
  get: (): string | null => storage.getItem(key),
  set: (token: string) => storage.setItem(key, token),
  clear: () => storage.removeItem(key),
};

/** Runs `work` while holding the browser-wide refresh lock (or directly where Web Locks are missing). */
export function withRefreshLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  return locks ? (locks.request("conference.refresh", work) as Promise<T>) : work();
}
