import { useState, type ReactNode } from "react";
import { useSearchParams } from "react-router";
import { Box, Divider, Drawer, IconButton, Stack, Tab, Tabs, Typography } from "@mui/material";
import CloseIcon from "@mui/icons-material/Close";
import { api, type Schemas, type Task } from "../../api/client";
import { unwrap } from "../../api/problems";
import { useLoad } from "../../common/useLoad";
import { ErrorState, Loading } from "../../common/States";
import { useProject } from "../projects/projectContext";
import { TaskFields } from "./TaskFields";
import { TaskComments } from "./TaskComments";
import { TaskHistory } from "./TaskHistory";
import { TaskAttachments } from "./TaskAttachments";
import { TaskWatchers } from "./TaskWatchers";
import { Subtasks } from "./Subtasks";

interface Props {
  taskId: string;
  tasks: Task[];
  milestones: Schemas["Milestone"][];
  onChanged(task: Task): void;
  onDeleted(id: string): void;
  onClose(): void;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box component="section" aria-label={title}>
      <Typography variant="h3" sx={{ fontSize: "1rem", fontWeight: 700, mb: 1 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

/** The task drawer: every field, subtasks, comments, attachments, watchers, history. Its URL is ?task=<id>. */
export default function TaskDrawer({ taskId, tasks, milestones, onChanged, onClose }: Props) {
  const { workflow, members } = useProject();
  const [, setParams] = useSearchParams();
  const [tab, setTab] = useState("details");
  const live = tasks.find((t) => t.id === taskId);
  const loaded = useLoad(async () => unwrap(await api.GET("/api/tasks/{id}", { params: { path: { id: taskId } } })), [taskId]);
  // The board's copy is kept current by live events; the drawer's own load covers a task opened from a link.
  const task = live && loaded.data && Number(live.version) >= Number(loaded.data.version) ? live : (loaded.data ?? live);
  const memberIds = members.map((m) => m.userId);
  const open = (id: string) => setParams((p) => (p.set("task", id), p));

  return (
    <Drawer
      anchor="right"
      open
      onClose={onClose}
      sx={{ zIndex: (t) => t.zIndex.modal }}
      slotProps={{ paper: { sx: { width: { xs: "100%", md: 600 } }, "aria-labelledby": "task-drawer-title" } as object }}
    >
      <Stack direction="row" sx={{ alignItems: "center", p: 2, pb: 1 }}>
        <Typography id="task-drawer-title" variant="h2" sx={{ fontSize: "1.25rem", flexGrow: 1, wordBreak: "break-word" }}>
          {task?.name ?? "Task"}
        </Typography>
        <IconButton aria-label="Close task" onClick={onClose}>
          <CloseIcon />
        </IconButton>
      </Stack>
      <Tabs value={tab} onChange={(_, v) => setTab(v)} aria-label="Task sections" variant="scrollable" sx={{ px: 1, borderBottom: 1, borderColor: "divider" }}>
        <Tab value="details" label="Details" />
        <Tab value="comments" label="Comments" />
        <Tab value="files" label="Files" />
        <Tab value="history" label="History" />
      </Tabs>
      {/* Focusable so keyboard users can scroll a long history (axe: scrollable-region-focusable). */}
      <Box sx={{ p: 2, overflowY: "auto" }} tabIndex={0} role="region" aria-label="Task content">
        {loaded.error && !task ? (
          <ErrorState error={loaded.error} onRetry={loaded.reload} />
        ) : !task ? (
          <Loading label="Loading the task" />
        ) : tab === "details" ? (
          <Stack spacing={3}>
            <TaskFields
              key={`${task.id}:${task.version}`}
              task={task}
              tasks={tasks}
              statuses={workflow.statuses}
              memberIds={memberIds}
              milestones={milestones}
              onSaved={onChanged}
              onReload={loaded.reload}
            />
            <Divider />
            <Section title="Subtasks">
              <Subtasks task={task} tasks={tasks} onOpen={open} onCreated={onChanged} />
            </Section>
            <Section title="Watchers">
              <TaskWatchers taskId={task.id} />
            </Section>
          </Stack>
        ) : tab === "comments" ? (
          <TaskComments taskId={task.id} projectId={task.projectId} memberIds={memberIds} />
        ) : tab === "files" ? (
          <TaskAttachments taskId={task.id} />
        ) : (
          <TaskHistory taskId={task.id} version={task.version} />
        )}
      </Box>
    </Drawer>
  );
}
