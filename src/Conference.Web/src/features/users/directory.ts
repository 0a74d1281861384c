import { create } from "zustand";
import { api, type User } from "../../api/client";
import { unwrap } from "../../api/problems";

interface DirectoryState {
  users: User[];
  byId: Record<string, User>;
  loaded: boolean;
  load(force?: boolean): Promise<void>;
}

/** Every account's name, for assignees, members, authors and mentions (guests may not list users: ids stay ids). */
export const useDirectory = create<DirectoryState>()((set, get) => ({
  users: [],
  byId: {},
  loaded: false,
  load(force = false) {
    if (get().loaded && !force) return Promise.resolve();
    if (!force && pending) return pending; // asked for at start-up, asked again by the screen: one request
    const current = loadAll(set).finally(() => {
      if (pending === current) pending = null;
    });
    pending = current;
    return current;
  },
}));

let pending: Promise<void> | null = null;

async function loadAll(set: (state: Partial<DirectoryState>) => void): Promise<void> {
  const users: User[] = [];
  let cursor: string | undefined;
  do {
    const result = await api.GET("/api/users", { params: { query: { limit: 200, cursor } } });
    if (result.response.status === 403) break;
    const page = unwrap(result);
    users.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  set({ users, byId: Object.fromEntries(users.map((u) => [u.id, u])), loaded: true });
}

/** A user's display name, or a short form of the id while unknown. */
export function displayName(byId: Record<string, User>, id: string | null | undefined): string {
  if (!id) return "Unassigned";
  return byId[id]?.name ?? `User ${id.slice(0, 6)}`;
}

/** Initials for an avatar: first letters of the first two words. */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("");
}
