import { useOutletContext } from "react-router";
import type { Project, Schemas } from "../../api/client";

/** What a project's tabs share: the project, its members and workflow (loaded once by the project page). */
export interface ProjectContext {
  project: Project;
  members: Schemas["ProjectMember"][];
  workflow: Schemas["Workflow"];
  reloadMembers(): void;
  setProject(project: Project): void;
}

export const useProject = () => useOutletContext<ProjectContext>();
