/**
 * The code-split modules of the screens a returning user most often opens first (a project's board), as the loaders
 * the router calls (routes.tsx) and the start-up module starts early (boot.ts): the same `import()` either way, so the
 * browser loads each chunk once.
 */
export const loadLayout = () => import("./shell/Layout");
export const loadProjectPage = () => import("./features/projects/ProjectPage");
export const loadBoardPage = () => import("./features/board/BoardPage");

/** The project a path opens on its board (`/projects/{id}` or `/projects/{id}/board`), or null. */
export function openedBoard(path: string): string | null {
  return /^\/projects\/([^/]+)(\/board)?\/?$/.exec(path)?.[1] ?? null;
}

/** The screens' chunks (and their stylesheets) the page at `path` renders first, or none where it is not known here. */
export function firstScreenModules(path: string): Array<() => Promise<unknown>> {
  return openedBoard(path) ? [loadLayout, loadProjectPage, loadBoardPage] : [];
}
