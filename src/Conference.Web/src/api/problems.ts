/** An RFC 9457 problem as the server answers it (validation problems name fields in `errors`). */
export interface Problem {
  title?: string;
  detail?: string;
  status?: number;
  errors?: Record<string, string[]>;
}

/** The words to show for a failed call: the problem's detail, else its title, else a generic sentence. */
export function problemMessage(error: unknown, fallback = "Something went wrong. Try again."): string {
  if (!error || typeof error !== "object") return typeof error === "string" && error ? error : fallback;
  const p = error as Problem;
  // A field's own words say more than the generic "The request is invalid."
  const first = p.errors ? Object.values(p.errors).flat()[0] : undefined;
  if (first) return first;
  return p.detail || p.title || fallback;
}

/** Field errors keyed by the field name in camelCase as the form uses it ("statuses[2].key" stays as is). */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const errors = (error as Problem | undefined)?.errors;
  if (!errors) return out;
  for (const [field, messages] of Object.entries(errors)) {
    const key = field.length ? field[0].toLowerCase() + field.slice(1) : field;
    out[key] = messages.join(" ");
  }
  return out;
}

/** Throws the problem of a failed openapi-fetch call, else returns its data. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) throw result.error ?? { status: result.response.status, title: result.response.statusText };
  return result.data as T;
}
