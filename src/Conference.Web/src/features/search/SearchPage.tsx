import { useEffect, useState, type FormEvent } from "react";
import { Link as RouterLink, useSearchParams } from "react-router";
import { Box, Button, Chip, List, ListItem, ListItemButton, ListItemText, MenuItem, Paper, Stack, TextField, Typography } from "@mui/material";
import { api, type Schemas } from "../../api/client";
import { unwrap } from "../../api/problems";
import { useLoad } from "../../common/useLoad";
import { EmptyState, ErrorState, Loading } from "../../common/States";
import { humanize } from "../../common/labels";
import { useAuth } from "../../auth/store";

const statuses: Schemas["TaskItemStatus"][] = ["todo", "in_progress", "in_review", "done", "cancelled"];
const types: Schemas["TaskType"][] = ["task", "bug", "story", "epic"];

/** Search across the user's projects (words, last one as a prefix), with status and type filters; the URL keeps the query. */
export function Component() {
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const status = (params.get("status") ?? "") as Schemas["TaskItemStatus"] | "";
  const type = (params.get("type") ?? "") as Schemas["TaskType"] | "";
  const [text, setText] = useState(q);
  const projects = useAuth((s) => s.projects);
  const names = Object.fromEntries(projects.map((p) => [p.projectId, p.name]));
  useEffect(() => setText(q), [q]);

  const results = useLoad(async () => {
    if (!q.trim()) return null;
    return unwrap(
      await api.GET("/api/search", { params: { query: { q, status: status || undefined, type: type || undefined, includeTotal: true, limit: 50 } } }),
    );
  }, [q, status, type]);

  const set = (key: string, value: string) => setParams((p) => (value ? p.set(key, value) : p.delete(key), p));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    set("q", text.trim());
  };

  return (
    <Stack spacing={2} sx={{ maxWidth: 900 }}>
      <Typography variant="h1" sx={{ fontSize: "1.75rem" }}>
        Search
      </Typography>
      <Stack component="form" role="search" onSubmit={submit} direction={{ xs: "column", sm: "row" }} spacing={1}>
        <TextField label="Search tasks" value={text} onChange={(e) => setText(e.target.value)} sx={{ flexGrow: 1 }} autoFocus />
        <TextField select label="Status" value={status} onChange={(e) => set("status", e.target.value)} sx={{ minWidth: 150 }} slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}>
          <MenuItem value="">Any status</MenuItem>
          {statuses.map((s) => <MenuItem key={s} value={s}>{humanize(s)}</MenuItem>)}
        </TextField>
        <TextField select label="Type" value={type} onChange={(e) => set("type", e.target.value)} sx={{ minWidth: 130 }} slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}>
          <MenuItem value="">Any type</MenuItem>
          {types.map((t) => <MenuItem key={t} value={t}>{humanize(t)}</MenuItem>)}
        </TextField>
        <Button type="submit" variant="contained">
          Search
        </Button>
      </Stack>
      {!q ? (
        <EmptyState title="Search the tasks of your projects by name, description or comment" />
      ) : results.error ? (
        <ErrorState error={results.error} onRetry={results.reload} />
      ) : results.loading || !results.data ? (
        <Loading label="Searching" />
      ) : results.data.items.length === 0 ? (
        <EmptyState title={`Nothing matches “${q}”`} />
      ) : (
        <Box>
          <Typography sx={{ mb: 1 }} role="status">
            {Number(results.data.total ?? results.data.items.length)} results
          </Typography>
          <Paper variant="outlined">
            <List aria-label="Search results">
              {results.data.items.map((t) => (
                <ListItem key={t.id} disablePadding>
                  <ListItemButton component={RouterLink} to={`/projects/${t.projectId}/board?task=${t.id}`}>
                    <ListItemText primary={t.name} secondary={`${names[t.projectId] ?? "Project"} · ${humanize(t.workflowStatus ?? t.status)}`} />
                    <Chip size="small" label={humanize(t.type ?? "task")} />
                  </ListItemButton>
                </ListItem>
              ))}
            </List>
          </Paper>
        </Box>
      )}
    </Stack>
  );
}
