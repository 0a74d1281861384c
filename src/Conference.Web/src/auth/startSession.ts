import { prefetchOpenedProject } from "../features/projects/projectData";
import { useAuth } from "./store";

/**
 * At start-up, before React renders anything (boot.ts): the stored session is restored (token refresh, then the
 * account), and a returning user opening a project has its data asked for at once (the requests go out as soon as
 * the refresh answers), instead of after the first render, the layout and the project page.
 */
export function startSession(path: string): void {
  void useAuth.getState().restore();
  prefetchOpenedProject(path);
}
