import { memo, useState, type FormEvent } from "react";
import { useDroppable } from "@dnd-kit/core";
import { Box, Button, Stack, TextField } from "@mui/material";
import type { Schemas, Task, User } from "../../api/client";
import { Icon } from "../../common/icons";
import { displayName } from "../users/directory";
import { TaskCard } from "./TaskCard";

interface Props {
  status: Schemas["WorkflowStatus"];
  statuses: Schemas["WorkflowStatus"][];
  tasks: Task[];
  byId: Record<string, User>;
  onOpen(task: Task): void;
  onMove(task: Task, to: string): void;
  onQuickAdd(name: string, status: string): Promise<boolean>;
}

/** One workflow status: its cards (a drop target) and a quick add at the bottom (MUI's field, once opened). */
export const BoardColumn = memo(function BoardColumn({ status, statuses, tasks, byId, onOpen, onMove, onQuickAdd }: Props) {
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
    <section ref={setNodeRef} aria-labelledby={headingId} data-testid={`column-${status.key}`} className={isOver ? "board-column over" : "board-column"}>
      <div className="column-head">
        <h2 id={headingId} className="column-title">
          {status.name}
        </h2>
        <p className="column-count" aria-label={`${tasks.length} tasks`}>
          {tasks.length}
        </p>
      </div>
      <ul className="column-cards" aria-label={`${status.name} tasks`}>
        {tasks.map((t) => (
          <TaskCard
            key={t.id}
            task={t}
            assignee={t.assignee ? displayName(byId, t.assignee) : null}
            statuses={statuses}
            column={status.key}
            onOpen={onOpen}
            onMove={onMove}
          />
        ))}
      </ul>
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
        <button type="button" className="btn btn-sm column-add" onClick={() => setAdding(true)}>
          <Icon name="add" small />
          Add task to {status.name}
        </button>
      )}
    </section>
  );
});
