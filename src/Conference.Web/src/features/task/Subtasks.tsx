import { useState, type FormEvent } from "react";
import { Alert, Box, Button, List, ListItem, ListItemButton, ListItemText, Stack, TextField, Typography } from "@mui/material";
import { api, type Schemas, type Task } from "../../api/client";
import { problemMessage, unwrap } from "../../api/problems";
import { humanize } from "../../common/labels";

/** The task's children (a story's tasks, an epic's stories), and adding one. */
export function Subtasks({ task, tasks, onOpen, onCreated }: { task: Task; tasks: Task[]; onOpen(id: string): void; onCreated(t: Task): void }) {
  const children = tasks.filter((t) => t.parentId === task.id);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const childType: Schemas["TaskType"] = task.type === "epic" ? "story" : "task";
  const canHaveChildren = task.type === "epic" || task.type === "story";

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return;
    setError(null);
    try {
      const created = unwrap(
        await api.POST("/api/projects/{id}/tasks", {
          params: { path: { id: task.projectId } },
          body: { name: name.trim(), parentId: task.id, type: childType } as Schemas["TaskInput"],
        }),
      );
      onCreated(created);
      setName("");
    } catch (failure) {
      setError(problemMessage(failure));
    }
  }

  return (
    <Stack spacing={1}>
      {children.length === 0 ? (
        <Typography color="text.secondary">No subtasks.</Typography>
      ) : (
        <List dense aria-label="Subtasks" disablePadding>
          {children.map((c) => (
            <ListItem key={c.id} disablePadding>
              <ListItemButton onClick={() => onOpen(c.id)}>
                <ListItemText primary={c.name} secondary={`${humanize(c.type ?? "task")} · ${humanize(c.workflowStatus ?? c.status)}`} />
              </ListItemButton>
            </ListItem>
          ))}
        </List>
      )}
      {canHaveChildren ? (
        <Box component="form" onSubmit={add}>
          {error && <Alert severity="error" sx={{ mb: 1 }}>{error}</Alert>}
          <Stack direction="row" spacing={1}>
            <TextField size="small" label={`New ${childType}`} value={name} onChange={(e) => setName(e.target.value)} sx={{ flexGrow: 1 }} />
            <Button type="submit" variant="outlined" size="small" disabled={!name.trim()}>
              Add
            </Button>
          </Stack>
        </Box>
      ) : (
        <Typography variant="body2" color="text.secondary">
          Only epics and stories have subtasks.
        </Typography>
      )}
    </Stack>
  );
}
