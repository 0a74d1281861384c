import { create } from "zustand";
import { publicApi } from "../api/publicClient";
import type { components } from "../api/schema";
import { refreshTokenStore, withRefreshLock } from "./refreshTokenStore";

type User = components["schemas"]["User"];
type Membership = components["schemas"]["Membership"];
type TokenPair = components["schemas"]["TokenPair"];

/** starting: reading a stored session; expired: the session ended while the user was working (sign in again in place). */
export type AuthStatus = "starting" | "signedOut" | "signedIn" | "expired";

export interface AuthState {
  status: AuthStatus;
  user: User | null;
  projects: Membership[];
  accessToken: string | null;
  /** Epoch milliseconds when the access token stops being accepted. */
  expiresAt: number;
  restore(): Promise<void>;
  signIn(email: string, password: string): Promise<void>;
  signUp(name: string, email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Rotates the refresh token; the new access token, or null when the session is over. One call at a time. */
  refresh(): Promise<string | null>;
  /** A token valid for at least the next 30 s (refreshing first when needed), or null. */
  freshToken(): Promise<string | null>;
  /** After a 401 that refresh could not cure: shows the sign-in dialog over the page and resolves with the new token (null if the user gives up). */
  waitForSignIn(): Promise<string | null>;
  reloadMe(): Promise<void>;
}

const refreshMargin = 30_000;
let inflight: Promise<string | null> | null = null;
let renewTimer: ReturnType<typeof setTimeout> | undefined;
const signInWaiters: Array<(token: string | null) => void> = [];

export const useAuth = create<AuthState>()((set, get) => {
  /** Keeps a new token pair and schedules the next silent rotation a minute before the access token expires. */
  function accept(pair: TokenPair) {
    refreshTokenStore.set(pair.refreshToken);
    const lifetime = Number(pair.expiresIn) * 1000;
    set({ accessToken: pair.accessToken, expiresAt: Date.now() + lifetime });
    clearTimeout(renewTimer);
    renewTimer = setTimeout(() => void get().refresh(), Math.max(5_000, lifetime - 60_000));
  }

  async function loadMe(token: string) {
    const { data, response } = await publicApi.GET("/api/me", { headers: { authorization: `Bearer ${token}` } });
    if (!data) throw { status: response.status, title: "Could not load your account." };
    set({ user: data.user, projects: data.projects, status: "signedIn" });
    for (const resolve of signInWaiters.splice(0)) resolve(token);
  }

  /** The tokens only: the user and the page stay, so a session that ended mid-work can resume after signing in. */
  function dropTokens() {
    clearTimeout(renewTimer);
    refreshTokenStore.clear();
    set({ accessToken: null, expiresAt: 0 });
  }

  function forget() {
    dropTokens();
    set({ user: null, projects: [] });
  }

  return {
    status: "starting",
    user: null,
    projects: [],
    accessToken: null,
    expiresAt: 0,

    async restore() {
      const token = refreshTokenStore.get() ? await get().refresh() : null;
      if (!token) return set({ status: "signedOut" });
      try {
        await loadMe(token);
      } catch {
        forget();
        set({ status: "signedOut" });
      }
    },

    async signIn(email, password) {
      const { data, error } = await publicApi.POST("/api/auth/login", { body: { email, password } });
      if (!data) throw error;
      accept(data);
      await loadMe(data.accessToken);
    },

    async signUp(name, email, password) {
      const { error, response } = await publicApi.POST("/api/auth/register", { body: { name, email, password } });
      if (!response.ok) throw error;
      await get().signIn(email, password);
    },

    async signOut() {
      const refreshToken = refreshTokenStore.get();
      forget();
      set({ status: "signedOut" });
      for (const resolve of signInWaiters.splice(0)) resolve(null);
      if (refreshToken) await publicApi.POST("/api/auth/logout", { body: { refreshToken } }).catch(() => undefined);
    },

    refresh() {
      inflight ??= withRefreshLock(async () => {
        const refreshToken = refreshTokenStore.get();
        if (!refreshToken) return null;
        try {
          const { data } = await publicApi.POST("/api/auth/refresh", { body: { refreshToken } });
          if (!data) {
            dropTokens();
            return null;
          }
          accept(data);
          return data.accessToken;
        } catch {
          return null; // the network, not the session: keep the refresh token for the next try
        }
      }).finally(() => (inflight = null));
      return inflight;
    },

    async freshToken() {
      const { accessToken, expiresAt } = get();
      if (accessToken && expiresAt - Date.now() > refreshMargin) return accessToken;
      return get().refresh();
    },

    waitForSignIn() {
      if (get().status === "signedOut" || get().status === "starting") return Promise.resolve(null);
      set({ status: "expired" });
      return new Promise((resolve) => signInWaiters.push(resolve));
    },

    async reloadMe() {
      const token = await get().freshToken();
      if (token) await loadMe(token);
    },
  };
});
