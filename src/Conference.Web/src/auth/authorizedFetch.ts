import { useAuth } from "./store";

function withToken(request: Request, token: string | null): Request {
  const copy = new Request(request);
  if (token) copy.headers.set("authorization", `Bearer ${token}`);
  return copy;
}

/**
 * fetch for the REST client: adds the access token (rotating it first when it is about to expire); on a 401 it
 * refreshes once and, when the session is over, opens the sign-in dialog over the page (so nothing typed is lost)
 * and retries the same request after the user signed in.
 */
export async function authorizedFetch(request: Request): Promise<Response> {
  const auth = useAuth.getState();
  const retry = request.clone();
  const first = await globalThis.fetch(withToken(request, await auth.freshToken()));
  if (first.status !== 401) return first;
  const token = (await auth.refresh()) ?? (await auth.waitForSignIn());
  return token ? globalThis.fetch(withToken(retry, token)) : first;
}
