/** Where to go after signing in: a path on this site only (never `//evil.example` or `https://…`). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/projects";
  return next;
}
