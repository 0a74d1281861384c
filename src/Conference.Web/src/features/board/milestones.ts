import { api, type Schemas } from "../../api/client";
import { unwrap } from "../../api/problems";
import { earlyLoad } from "../../common/earlyLoad";

/** A project's milestones (the board's filter and the task drawer's choice). */
export async function loadMilestones(projectId: string): Promise<Schemas["Milestone"][]> {
  return unwrap(await api.GET("/api/projects/{id}/milestones", { params: { path: { id: projectId }, query: { limit: 200 } } })).items;
}

/** Started at start-up with the rest of an opened board's data (features/projects/projectData.ts). */
const early = earlyLoad(loadMilestones);

export const prefetchMilestones = (projectId: string): Promise<void> => early.prefetch(projectId);
export const boardMilestones = (projectId: string): Promise<Schemas["Milestone"][]> => early.take(projectId);
export const readyMilestones = (projectId: string): Schemas["Milestone"][] | undefined => early.ready(projectId);
