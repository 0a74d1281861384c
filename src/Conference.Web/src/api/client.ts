import createClient from "openapi-fetch";
import type { components, paths } from "./schema";
import { authorizedFetch } from "../auth/authorizedFetch";
import { apiOrigin } from "./origin";

/** The wire types, generated from the server's own OpenAPI document (openapi/v1.json). */
export type Schemas = components["schemas"];
export type Task = Schemas["TaskItem"];
export type Project = Schemas["Project"];
export type User = Schemas["User"];

/** The typed REST client: every call carries the access token; a 401 refreshes it or asks the user to sign in, then retries. */
export const api = createClient<paths>({ baseUrl: apiOrigin, fetch: authorizedFetch });
