import { useEffect, useState } from "react";
import { Link as RouterLink, Outlet, useLocation, useParams } from "react-router";
import { Box, Button, Chip, Stack, Tab, Tabs, Typography } from "@mui/material";
import EditIcon from "@mui/icons-material/EditOutlined";
import { api, type Project } from "../../api/client";
import { unwrap } from "../../api/problems";
import { useLoad } from "../../common/useLoad";
import { ErrorState, Loading } from "../../common/States";
import { humanize } from "../../common/labels";
import { ProjectDialog } from "./ProjectDialog";
import type { ProjectContext } from "./projectContext";
import { useDirectory } from "../users/directory";
import { prefetchTasks } from "../board/tasks";

const tabs = [
  { path: "board", label: "Board" },
  { path: "roadmap", label: "Roadmap" },
  { path: "reports", label: "Reports" },
  { path: "members", label: "Members" },
  { path: "meetings", label: "Meetings" },
];

/** A project's header and tabs; the tabs share the project, its members and workflow. */
export function Component() {
  const { projectId = "" } = useParams();
  const location = useLocation();
  const [editing, setEditing] = useState(false);
  const loaded = useLoad(async () => {
    if (/\/board\/?$/.test(window.location.pathname)) prefetchTasks(projectId); // in parallel with the project's own requests
    const [project, members, workflow] = await Promise.all([
      api.GET("/api/projects/{id}", { params: { path: { id: projectId } } }).then(unwrap),
      api.GET("/api/projects/{id}/members", { params: { path: { id: projectId } } }).then(unwrap),
      api.GET("/api/projects/{id}/workflow", { params: { path: { id: projectId } } }).then(unwrap),
    ]);
    return { project, members, workflow };
  }, [projectId]);
  useEffect(() => void useDirectory.getState().load().catch(() => undefined), []);

  if (loaded.error) return <ErrorState error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading label="Loading project" />;
  const { project } = loaded.data;
  const current = tabs.find((t) => location.pathname.includes(`/${t.path}`))?.path ?? false;
  const context: ProjectContext = {
    ...loaded.data,
    reloadMembers: loaded.reload,
    setProject: (p: Project) => loaded.setData((d) => d && { ...d, project: p }),
  };

  return (
    <>
      <Stack direction="row" spacing={1} sx={{ alignItems: "center", mb: 1, flexWrap: "wrap" }}>
        <Typography variant="h1" sx={{ fontSize: { xs: "1.4rem", sm: "1.75rem" } }}>
          {project.name}
        </Typography>
        <Chip size="small" label={humanize(project.status)} />
        <Box sx={{ flexGrow: 1 }} />
        <Button startIcon={<EditIcon />} onClick={() => setEditing(true)}>
          Edit project
        </Button>
      </Stack>
      <Tabs value={current} variant="scrollable" allowScrollButtonsMobile aria-label="Project sections" sx={{ mb: 2, borderBottom: 1, borderColor: "divider" }}>
        {tabs.map((t) => (
          <Tab key={t.path} value={t.path} label={t.label} component={RouterLink} to={t.path} />
        ))}
      </Tabs>
      <Outlet context={context} />
      {editing && (
        <ProjectDialog
          project={project}
          onClose={() => setEditing(false)}
          onSaved={(p) => {
            context.setProject(p);
            setEditing(false);
          }}
        />
      )}
    </>
  );
}
