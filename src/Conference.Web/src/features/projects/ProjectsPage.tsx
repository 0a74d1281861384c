import { useMemo, useState } from "react";
import { Link as RouterLink, useNavigate } from "react-router";
import {
  Box, Button, Card, CardActionArea, CardContent, Chip, Grid, InputAdornment, MenuItem, Stack, TextField, Typography,
} from "@mui/material";
import AddIcon from "@mui/icons-material/Add";
import SearchIcon from "@mui/icons-material/Search";
import { api, type Project, type Schemas } from "../../api/client";
import { unwrap } from "../../api/problems";
import { useLoad } from "../../common/useLoad";
import { EmptyState, ErrorState, Loading } from "../../common/States";
import { formatDay, humanize } from "../../common/labels";
import { ProjectDialog } from "./ProjectDialog";

const statuses: Schemas["ProjectStatus"][] = ["planned", "active", "on_hold", "completed", "archived"];

async function loadProjects(status: Schemas["ProjectStatus"] | ""): Promise<Project[]> {
  const all: Project[] = [];
  let cursor: string | undefined;
  do {
    const page = unwrap(await api.GET("/api/projects", { params: { query: { limit: 200, cursor, status: status || undefined } } }));
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** The projects the user can see: status filter, search by name, create. */
export function Component() {
  const [status, setStatus] = useState<Schemas["ProjectStatus"] | "">("");
  const [query, setQuery] = useState("");
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const projects = useLoad(() => loadProjects(status), [status]);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (projects.data ?? []).filter((p) => !q || p.name.toLowerCase().includes(q) || p.description?.toLowerCase().includes(q));
  }, [projects.data, query]);

  return (
    <>
      <Stack direction={{ xs: "column", sm: "row" }} spacing={2} sx={{ mb: 3, alignItems: { sm: "center" } }}>
        <Typography variant="h1" sx={{ fontSize: "1.75rem", flexGrow: 1 }}>
          Projects
        </Typography>
        <Button variant="contained" startIcon={<AddIcon />} onClick={() => setCreating(true)}>
          New project
        </Button>
      </Stack>
      <Stack direction={{ xs: "column", sm: "row" }} spacing={2} sx={{ mb: 3 }}>
        <TextField
          label="Search projects"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon /></InputAdornment> } }}
          sx={{ flexGrow: 1 }}
        />
        <TextField label="Status" select value={status} onChange={(e) => setStatus(e.target.value as Schemas["ProjectStatus"] | "")} sx={{ minWidth: 180 }} slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}>
          <MenuItem value="">All statuses</MenuItem>
          {statuses.map((s) => (
            <MenuItem key={s} value={s}>
              {humanize(s)}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      {projects.error ? (
        <ErrorState error={projects.error} onRetry={projects.reload} />
      ) : projects.loading && !projects.data ? (
        <Loading label="Loading projects" />
      ) : shown.length === 0 ? (
        <EmptyState title={projects.data?.length ? "No project matches" : "No projects yet"}>
          {!projects.data?.length && (
            <Button sx={{ mt: 2 }} variant="outlined" onClick={() => setCreating(true)}>
              Create the first project
            </Button>
          )}
        </EmptyState>
      ) : (
        <Grid container spacing={2} component="ul" sx={{ listStyle: "none", p: 0, m: 0 }} aria-label="Projects">
          {shown.map((p) => (
            <Grid key={p.id} size={{ xs: 12, sm: 6, lg: 4 }} component="li">
              <Card variant="outlined" sx={{ height: "100%" }}>
                <CardActionArea component={RouterLink} to={`/projects/${p.id}/board`} sx={{ height: "100%" }}>
                  <CardContent>
                    <Box sx={{ display: "flex", justifyContent: "space-between", gap: 1, mb: 1 }}>
                      <Typography variant="h2" sx={{ fontSize: "1.15rem", fontWeight: 600 }}>
                        {p.name}
                      </Typography>
                      <Chip size="small" label={humanize(p.status)} />
                    </Box>
                    {p.description && (
                      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }} noWrap>
                        {p.description}
                      </Typography>
                    )}
                    {(p.startDate || p.endDate) && (
                      <Typography variant="body2" color="text.secondary">
                        {formatDay(p.startDate)} – {formatDay(p.endDate)}
                      </Typography>
                    )}
                  </CardContent>
                </CardActionArea>
              </Card>
            </Grid>
          ))}
        </Grid>
      )}
      {creating && (
        <ProjectDialog
          onClose={() => setCreating(false)}
          onSaved={(p) => {
            setCreating(false);
            navigate(`/projects/${p.id}/board`);
          }}
        />
      )}
    </>
  );
}
