import { prefetchOpenedProject } from "../features/projects/projectData";
import { useAuth } from "./store";

/**
 * At start-up, before React renders anything (boot.ts): the stored session is restored (token refresh, then the
 * account), and a returning user opening a project has its data asked for at once (the requests go out as soon as
 * the refresh answers), instead of after the first render, the layout and the project page. The returned promise
 * settles once the session is known and that data is here (it never fails): the first render waits for it (boot.ts),
 * so the first screen renders once, complete, instead of a spinner, then the frame, then the project, then the board.
 */
export function startSession(path: string): Promise<unknown> {
  return Promise.all([useAuth.getState().restore(), prefetchOpenedProject(path)]);
}
