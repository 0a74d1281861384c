import createClient from "openapi-fetch";
import type { paths } from "./schema";
import { apiOrigin } from "./origin";

/** The typed client without the session: sign-up, sign-in, refresh and sign-out, which carry their own credentials. */
export const publicApi = createClient<paths>({ baseUrl: apiOrigin, fetch: (request: Request) => globalThis.fetch(request) });
