import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useAuth } from "./store";
import { refreshTokenStore } from "./refreshTokenStore";

const user = { id: "u1", name: "Ada", email: "ada@example.com", role: "admin", createdAt: "", updatedAt: "", version: 1 };

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/** A fake of the server's auth endpoints: issues pairs, rotates refresh tokens once each, counts calls. */
function fakeServer() {
  let issued = 0;
  const valid = new Set<string>();
  const calls: string[] = [];
  const pair = () => {
    issued++;
    valid.add(`r${issued}`);
    return { accessToken: `a${issued}`, refreshToken: `r${issued}`, expiresIn: 900, tokenType: "Bearer" };
  };
  const fetch = vi.fn(async (request: Request) => {
    const path = new URL(request.url, "http://x").pathname;
    calls.push(path);
    if (path === "/api/auth/login") return json(pair());
    if (path === "/api/auth/register") return json(user, 201);
    if (path === "/api/auth/refresh") {
      const { refreshToken } = await request.json();
      if (!valid.delete(refreshToken)) return json({ title: "Unauthorized" }, 401);
      return json(pair());
    }
    if (path === "/api/auth/logout") return new Response(null, { status: 204 });
    if (path === "/api/me") return json({ user, projects: [] });
    return json({ title: "Not found" }, 404);
  });
  return { fetch, calls };
}

describe("auth store", () => {
  let server: ReturnType<typeof fakeServer>;
  beforeEach(() => {
    server = fakeServer();
    vi.stubGlobal("fetch", server.fetch);
    refreshTokenStore.clear();
    useAuth.setState({ status: "signedOut", user: null, accessToken: null, expiresAt: 0, projects: [] });
  });
  afterEach(() => vi.unstubAllGlobals());

  it("signs in: keeps the access token in memory, the refresh token in storage, and loads the account", async () => {
    await useAuth.getState().signIn("ada@example.com", "pw");
    const s = useAuth.getState();
    expect(s.status).toBe("signedIn");
    expect(s.user?.name).toBe("Ada");
    expect(s.accessToken).toBe("a1");
    expect(refreshTokenStore.get()).toBe("r1");
  });

  it("signs up then signs in", async () => {
    await useAuth.getState().signUp("Ada", "ada@example.com", "pw");
    expect(server.calls.slice(0, 2)).toEqual(["/api/auth/register", "/api/auth/login"]);
    expect(useAuth.getState().status).toBe("signedIn");
  });

  it("rotates the refresh token once for concurrent callers", async () => {
    await useAuth.getState().signIn("ada@example.com", "pw");
    const [a, b] = await Promise.all([useAuth.getState().refresh(), useAuth.getState().refresh()]);
    expect(a).toBe("a2");
    expect(b).toBe("a2");
    expect(server.calls.filter((c) => c === "/api/auth/refresh")).toHaveLength(1);
    expect(refreshTokenStore.get()).toBe("r2");
  });

  it("freshToken refreshes only when the access token is about to expire", async () => {
    await useAuth.getState().signIn("ada@example.com", "pw");
    expect(await useAuth.getState().freshToken()).toBe("a1");
    useAuth.setState({ expiresAt: Date.now() + 5_000 });
    expect(await useAuth.getState().freshToken()).toBe("a2");
  });

  it("restores a stored session on start, and reports signed out when the refresh token was revoked", async () => {
    await useAuth.getState().signIn("ada@example.com", "pw");
    useAuth.setState({ status: "starting", user: null, accessToken: null });
    await useAuth.getState().restore();
    expect(useAuth.getState().status).toBe("signedIn");

    refreshTokenStore.set("revoked");
    useAuth.setState({ status: "starting", user: null, accessToken: null, expiresAt: 0 });
    await useAuth.getState().restore();
    expect(useAuth.getState().status).toBe("signedOut");
    expect(refreshTokenStore.get()).toBeNull();
  });

  it("an ended session keeps the user (and the page) and resumes waiting requests after signing in again", async () => {
    await useAuth.getState().signIn("ada@example.com", "pw");
    const waiting = useAuth.getState().waitForSignIn();
    expect(useAuth.getState().status).toBe("expired");
    expect(useAuth.getState().user?.name).toBe("Ada");
    await useAuth.getState().signIn("ada@example.com", "pw");
    expect(await waiting).toBe("a2");
    expect(useAuth.getState().status).toBe("signedIn");
  });

  it("signing out forgets the tokens, revokes the refresh token and releases waiters with null", async () => {
    await useAuth.getState().signIn("ada@example.com", "pw");
    const waiting = useAuth.getState().waitForSignIn();
    await useAuth.getState().signOut();
    expect(await waiting).toBeNull();
    expect(useAuth.getState().status).toBe("signedOut");
    expect(refreshTokenStore.get()).toBeNull();
    expect(server.calls).toContain("/api/auth/logout");
  });
});
