import { Suspense, useEffect, useState, type KeyboardEvent } from "react";
import { Link as RouterLink, Outlet, useLocation, useParams } from "react-router";
import { Icon } from "../../common/icons";
import { lazyThemed } from "../../shell/withTheme";
import type { Project } from "../../api/client";
import { useLoad } from "../../common/useLoad";
import { ErrorState, Loading } from "../../common/States";
import { humanize } from "../../common/labels";
import type { ProjectContext } from "./projectContext";
import { useDirectory } from "../users/directory";
import { prefetchTasks } from "../board/tasks";
import { projectData, readyProjectData } from "./projectData";

// The edit dialog (MUI's Dialog and fields) is loaded when asked for, not with the board.
const ProjectDialog = lazyThemed(() => import("./ProjectDialog"));

const tabs = [
  { path: "board", label: "Board" },
  { path: "roadmap", label: "Roadmap" },
  { path: "reports", label: "Reports" },
  { path: "members", label: "Members" },
  { path: "meetings", label: "Meetings" },
];

/** Arrow keys, Home and End move among the tabs (one tab stop for the list, as the ARIA tabs pattern has it). */
function moveAmongTabs(event: KeyboardEvent<HTMLElement>) {
  const all = [...event.currentTarget.querySelectorAll<HTMLElement>('[role="tab"]')];
  const at = all.indexOf(document.activeElement as HTMLElement);
  const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: all.length - 1 }[event.key];
  if (at < 0 || to === undefined) return;
  event.preventDefault();
  all[(to + all.length) % all.length]!.focus();
}

/** A project's header and tabs (plain elements, shell/app.css); the tabs share the project, its members and workflow. */
export function Component() {
  const { projectId = "" } = useParams();
  const location = useLocation();
  const [editing, setEditing] = useState(false);
  const loaded = useLoad(
    () => {
      // The board's tasks in parallel with the project's own requests (if not asked for at start-up already).
      if (/\/board\/?$/.test(window.location.pathname)) void prefetchTasks(projectId);
      return projectData(projectId);
    },
    [projectId],
    () => readyProjectData(projectId),
  );
  useEffect(() => void useDirectory.getState().load().catch(() => undefined), []);

  if (loaded.error) return <ErrorState error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading label="Loading project" />;
  const { project } = loaded.data;
  const current = tabs.find((t) => location.pathname.includes(`/${t.path}`))?.path ?? null;
  const context: ProjectContext = {
    ...loaded.data,
    reloadMembers: loaded.reload,
    setProject: (p: Project) => loaded.setData((d) => d && { ...d, project: p }),
  };

  return (
    <>
      <div className="page-head">
        <h1 className="page-title">{project.name}</h1>
        <span className="chip">{humanize(project.status)}</span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => setEditing(true)}>
          <Icon name="edit" small />
          Edit project
        </button>
      </div>
      <div className="tabs" role="tablist" aria-label="Project sections" onKeyDown={moveAmongTabs}>
        {tabs.map((t) => (
          <RouterLink
            key={t.path}
            to={t.path}
            role="tab"
            className="tab"
            aria-selected={t.path === current}
            tabIndex={t.path === (current || "board") ? 0 : -1}
          >
            {t.label}
          </RouterLink>
        ))}
      </div>
      <Outlet context={context} />
      {editing && (
        <Suspense fallback={null}>
          <ProjectDialog
            project={project}
            onClose={() => setEditing(false)}
            onSaved={(p) => {
              context.setProject(p);
              setEditing(false);
            }}
          />
        </Suspense>
      )}
    </>
  );
}
