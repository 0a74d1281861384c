import { api, type Project, type Schemas } from "../../api/client";
import { unwrap } from "../../api/problems";
import { earlyLoad } from "../../common/earlyLoad";
import { refreshTokenStore } from "../../auth/refreshTokenStore";
import { openedBoard } from "../../routeModules";
import { prefetchTasks } from "../board/tasks";
import { prefetchMilestones } from "../board/milestones";
import { useDirectory } from "../users/directory";

export interface ProjectData {
  project: Project;
  members: Schemas["ProjectMember"][];
  workflow: Schemas["Workflow"];
}

/** A project with its members and workflow (what its tabs share). */
async function loadProject(projectId: string): Promise<ProjectData> {
  const [project, members, workflow] = await Promise.all([
    api.GET("/api/projects/{id}", { params: { path: { id: projectId } } }).then(unwrap),
    api.GET("/api/projects/{id}/members", { params: { path: { id: projectId } } }).then(unwrap),
    api.GET("/api/projects/{id}/workflow", { params: { path: { id: projectId } } }).then(unwrap),
  ]);
  return { project, members, workflow };
}

const early = earlyLoad(loadProject);

/** The project page's load: the one started at start-up when it is for this project, else a new one. */
export const projectData = (projectId: string): Promise<ProjectData> => early.take(projectId);

/** The start-up load's answer when it is already here (taken once): the project page renders it at once. */
export const readyProjectData = (projectId: string): ProjectData | undefined => early.ready(projectId);

/**
 * At start-up, for a returning user (a stored session) who opens a project: its data (and a board's tasks and
 * milestones) are asked for now, with the account directory (the cards' assignees). The requests wait for the session
 * being restored (the token refresh) and then go out together with the account's own request, instead of after it,
 * the layout and the project page. The returned promise settles once every answer is here (it never fails).
 */
export function prefetchOpenedProject(path: string): Promise<unknown> {
  const projectId = openedBoard(path);
  if (!projectId || !refreshTokenStore.get()) return Promise.resolve();
  return Promise.all([
    early.prefetch(projectId),
    useDirectory.getState().load().catch(() => undefined),
    prefetchTasks(projectId),
    prefetchMilestones(projectId),
  ]);
}
