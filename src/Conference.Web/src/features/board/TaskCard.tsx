import { memo, useState } from "react";
import { useDraggable } from "@dnd-kit/core";
import { Avatar, Box, Card, CardActionArea, Chip, IconButton, Menu, MenuItem, Stack, Tooltip, Typography } from "@mui/material";
import MoreIcon from "@mui/icons-material/MoreVert";
import BugIcon from "@mui/icons-material/BugReportOutlined";
import StoryIcon from "@mui/icons-material/BookmarkBorder";
import EpicIcon from "@mui/icons-material/Bolt";
import TaskIcon from "@mui/icons-material/CheckBoxOutlined";
import type { Schemas, Task } from "../../api/client";
import { formatDay, humanize, isOverdue } from "../../common/labels";
import { displayName, initials, useDirectory } from "../users/directory";

const typeIcons = { bug: BugIcon, story: StoryIcon, epic: EpicIcon, task: TaskIcon } as const;
const priorityColors: Record<string, "default" | "info" | "warning" | "error"> = { low: "default", medium: "info", high: "warning", urgent: "error" };

interface Props {
  task: Task;
  statuses: Schemas["WorkflowStatus"][];
  column: string;
  onOpen(task: Task): void;
  onMove(task: Task, to: string): void;
}

/** A card: type, priority, assignee, due date, labels. Drag it, or use its "Move" menu from the keyboard. */
export const TaskCard = memo(function TaskCard({ task, statuses, column, onOpen, onMove }: Props) {
  const byId = useDirectory((s) => s.byId);
  // Pointer dragging only: keyboard users move cards with the "Move" menu (dnd-kit's button role around the card's
  // own buttons would nest interactive controls).
  const { listeners, setNodeRef, transform, isDragging } = useDraggable({ id: task.id, data: { task } });
  const [menu, setMenu] = useState<HTMLElement | null>(null);
  const TypeIcon = typeIcons[task.type ?? "task"] ?? TaskIcon;
  const assignee = task.assignee ? displayName(byId, task.assignee) : null;
  const overdue = isOverdue(task.dueDate) && column !== "done";

  return (
    <Card
      ref={setNodeRef}
      variant="outlined"
      data-testid="task-card"
      data-task-id={task.id}
      sx={{
        transform: transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined,
        opacity: isDragging ? 0.6 : 1,
        zIndex: isDragging ? 10 : undefined,
        position: "relative",
        touchAction: "none",
      }}
      {...listeners}
      role="listitem"
    >
      <CardActionArea onClick={() => onOpen(task)} sx={{ p: 1.5, pr: 5 }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: "center", mb: 0.5 }}>
          <Tooltip title={humanize(task.type ?? "task")}>
            <TypeIcon fontSize="small" color={task.type === "bug" ? "error" : "action"} aria-label={humanize(task.type ?? "task")} />
          </Tooltip>
          <Typography variant="body2" sx={{ fontWeight: 600, flexGrow: 1, wordBreak: "break-word" }}>
            {task.name}
          </Typography>
        </Stack>
        <Stack direction="row" spacing={0.5} sx={{ flexWrap: "wrap", gap: 0.5, alignItems: "center" }}>
          <Chip size="small" label={humanize(task.priority)} color={priorityColors[task.priority]} variant="outlined" />
          {task.dueDate && (
            <Chip size="small" label={`Due ${formatDay(task.dueDate)}`} color={overdue ? "error" : "default"} variant={overdue ? "filled" : "outlined"} />
          )}
          {(task.labels ?? []).map((l) => (
            <Chip key={l} size="small" label={l} />
          ))}
          <Box sx={{ flexGrow: 1 }} />
          {assignee && (
            <Tooltip title={assignee}>
              <Avatar sx={{ width: 24, height: 24, fontSize: 12, bgcolor: "secondary.main" }} aria-label={`Assigned to ${assignee}`}>
                {initials(assignee)}
              </Avatar>
            </Tooltip>
          )}
        </Stack>
      </CardActionArea>
      <IconButton
        size="small"
        aria-label={`Move ${task.name}`}
        aria-haspopup="menu"
        onClick={(e) => setMenu(e.currentTarget)}
        onPointerDown={(e) => e.stopPropagation()}
        sx={{ position: "absolute", top: 6, right: 4 }}
      >
        <MoreIcon fontSize="small" />
      </IconButton>
      <Menu anchorEl={menu} open={Boolean(menu)} onClose={() => setMenu(null)}>
        {statuses
          .filter((s) => s.key !== column)
          .map((s) => (
            <MenuItem
              key={s.key}
              onClick={() => {
                setMenu(null);
                onMove(task, s.key);
              }}
            >
              Move to {s.name}
            </MenuItem>
          ))}
      </Menu>
    </Card>
  );
});
