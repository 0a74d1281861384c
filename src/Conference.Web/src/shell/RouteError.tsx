import { useRouteError, Link as RouterLink } from "react-router";

/** A screen that failed to load (e.g. its chunk after a deploy): say so and offer a reload. Plain elements (base.css). */
export function RouteError() {
  const error = useRouteError() as { message?: string; statusText?: string } | undefined;
  return (
    <main className="route-error">
      <h1>This page could not be shown</h1>
      <p>{error?.message ?? error?.statusText ?? "Unknown error."}</p>
      <button type="button" className="btn btn-contained" onClick={() => window.location.reload()}>
        Reload
      </button>
      <RouterLink className="btn" to="/">
        Home
      </RouterLink>
    </main>
  );
}
