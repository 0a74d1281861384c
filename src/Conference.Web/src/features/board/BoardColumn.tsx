import { useState, type FormEvent } from "react";
import { useDroppable } from "@dnd-kit/core";
import { Box, Button, Paper, Stack, TextField, Typography } from "@mui/material";
import AddIcon from "@mui/icons-material/Add";
import type { Schemas, Task } from "../../api/client";
import { TaskCard } from "./TaskCard";

interface Props {
  status: Schemas["WorkflowStatus"];
  statuses: Schemas["WorkflowStatus"][];
  tasks: Task[];
  onOpen(task: Task): void;
  onMove(task: Task, to: string): void;
  onQuickAdd(name: string, status: string): Promise<boolean>;
}

/** One workflow status: its cards (a drop target) and a quick add at the bottom. */
export function BoardColumn({ status, statuses, tasks, onOpen, onMove, onQuickAdd }: Props) {
  const { setNodeRef, isOver } = useDroppable({ id: status.key });
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState("");
  const headingId = `column-${status.key}`;

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return;
    if (await onQuickAdd(name.trim(), status.key)) setName("");
  }

  return (
    <Paper
      ref={setNodeRef}
      component="section"
      aria-labelledby={headingId}
      data-testid={`column-${status.key}`}
      variant="outlined"
      sx={{
        width: { xs: 272, sm: 288 },
        flexShrink: 0,
        p: 1,
        bgcolor: isOver ? "action.hover" : "grey.100",
        scrollSnapAlign: "start",
        display: "flex",
        flexDirection: "column",
        maxHeight: "100%",
      }}
    >
      <Box sx={{ display: "flex", alignItems: "baseline", gap: 1, px: 0.5, mb: 1 }}>
        <Typography id={headingId} variant="h2" sx={{ fontSize: "0.95rem", fontWeight: 700 }}>
          {status.name}
        </Typography>
        <Typography variant="body2" color="text.secondary" aria-label={`${tasks.length} tasks`}>
          {tasks.length}
        </Typography>
      </Box>
      <Stack spacing={1} role="list" aria-label={`${status.name} tasks`} sx={{ minHeight: 48, overflowY: "auto" }}>
        {tasks.map((t) => (
          <TaskCard key={t.id} task={t} statuses={statuses} column={status.key} onOpen={onOpen} onMove={onMove} />
        ))}
      </Stack>
      {adding ? (
        <Box component="form" onSubmit={add} sx={{ mt: 1 }}>
          <TextField
            size="small"
            fullWidth
            autoFocus
            label={`New task in ${status.name}`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === "Escape" && setAdding(false)}
          />
          <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
            <Button type="submit" size="small" variant="contained">
              Add
            </Button>
            <Button size="small" onClick={() => setAdding(false)}>
              Cancel
            </Button>
          </Stack>
        </Box>
      ) : (
        <Button startIcon={<AddIcon />} size="small" sx={{ mt: 1, justifyContent: "flex-start" }} onClick={() => setAdding(true)}>
          Add task to {status.name}
        </Button>
      )}
    </Paper>
  );
}
