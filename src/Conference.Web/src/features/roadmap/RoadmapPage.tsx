import { useState } from "react";
import { Alert, Box, Button, Chip, LinearProgress, Paper, Stack, TextField, Typography } from "@mui/material";
import AddIcon from "@mui/icons-material/Add";
import { api, type Schemas } from "../../api/client";
import { unwrap } from "../../api/problems";
import { useLoad } from "../../common/useLoad";
import { useForm } from "../../common/useForm";
import { EmptyState, ErrorState, Loading } from "../../common/States";
import { formatDay, humanize } from "../../common/labels";
import { useProject } from "../projects/projectContext";
import { timelineOf } from "./timeline";

/** Milestones on a timeline (start → due) with their progress and tasks at risk; add a milestone. */
export function Component() {
  const { project } = useProject();
  const roadmap = useLoad(async () => unwrap(await api.GET("/api/projects/{id}/roadmap", { params: { path: { id: project.id } } })), [project.id]);
  const [adding, setAdding] = useState(false);

  if (roadmap.error) return <ErrorState error={roadmap.error} onRetry={roadmap.reload} />;
  if (!roadmap.data) return <Loading label="Loading the roadmap" />;
  const timeline = timelineOf(roadmap.data.map((r) => r.milestone));

  return (
    <Stack spacing={2}>
      <Stack direction="row" sx={{ alignItems: "center" }}>
        <Typography variant="h2" sx={{ fontSize: "1.25rem", flexGrow: 1 }}>
          Roadmap
        </Typography>
        <Button startIcon={<AddIcon />} variant="outlined" onClick={() => setAdding((a) => !a)}>
          New milestone
        </Button>
      </Stack>
      {adding && <MilestoneForm projectId={project.id} onCreated={() => (setAdding(false), roadmap.reload())} />}
      {roadmap.data.length === 0 ? (
        <EmptyState title="No milestones yet" />
      ) : (
        <Paper variant="outlined" sx={{ p: 2 }}>
          {timeline.range && (
            <Stack direction="row" sx={{ justifyContent: "space-between", mb: 1 }} aria-hidden>
              <Typography variant="caption">{formatDay(timeline.range.from)}</Typography>
              <Typography variant="caption">{formatDay(timeline.range.to)}</Typography>
            </Stack>
          )}
          <Stack spacing={2} component="ol" sx={{ listStyle: "none", p: 0, m: 0 }} aria-label="Milestones">
            {roadmap.data.map((r) => (
              <MilestoneRow key={r.milestone.id} item={r} bar={timeline.bars[r.milestone.id]} />
            ))}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}

function MilestoneRow({ item, bar }: { item: Schemas["RoadmapMilestone"]; bar?: { left: number; width: number } }) {
  const m = item.milestone;
  const done = Number(item.done), total = Number(item.total);
  const percent = total ? Math.round((done / total) * 100) : 0;
  return (
    <Box component="li" data-testid="milestone">
      <Stack direction={{ xs: "column", sm: "row" }} spacing={1} sx={{ alignItems: { sm: "center" }, mb: 0.5 }}>
        <Typography sx={{ fontWeight: 600, minWidth: 160 }}>{m.name}</Typography>
        <Chip size="small" label={humanize(m.status)} sx={{ alignSelf: "flex-start" }} />
        <Typography variant="body2" color="text.secondary">
          {m.startDate || m.dueDate ? `${formatDay(m.startDate) || "…"} → ${formatDay(m.dueDate) || "no due date"}` : "Not scheduled"}
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        <Typography variant="body2">
          {done}/{total} tasks · {Number(item.pointsDone)}/{Number(item.pointsTotal)} points
        </Typography>
      </Stack>
      {/* The bar is the picture; the progress bar below says the same to screen readers. */}
      <Box aria-hidden="true" sx={{ position: "relative", height: 20, bgcolor: "grey.100", borderRadius: 1 }}>
        {bar && (
          <Box
            sx={{ position: "absolute", left: `${bar.left}%`, width: `${Math.max(bar.width, 2)}%`, top: 0, bottom: 0, borderRadius: 1, overflow: "hidden", bgcolor: "primary.light" }}
          >
            <Box sx={{ width: `${percent}%`, height: "100%", bgcolor: "primary.dark" }} />
          </Box>
        )}
      </Box>
      <LinearProgress variant="determinate" value={percent} aria-label={`${m.name}: ${percent}% of tasks done`} sx={{ mt: 0.5, height: 6, borderRadius: 1 }} />
      {item.atRisk.length > 0 && (
        <Alert severity="warning" sx={{ mt: 1 }}>
          At risk: {item.atRisk.map((t) => `${t.name} (${t.reasons.map(humanize).join(", ").toLowerCase()})`).join("; ")}
        </Alert>
      )}
    </Box>
  );
}

function MilestoneForm({ projectId, onCreated }: { projectId: string; onCreated(): void }) {
  const { field: props, submit, error } = useForm({ name: "", startDate: "", dueDate: "" });
  const onSubmit = submit(async (form) => {
    unwrap(
      await api.POST("/api/projects/{id}/milestones", {
        params: { path: { id: projectId } },
        body: { name: form.name, startDate: form.startDate || null, dueDate: form.dueDate || null } as Schemas["MilestoneInput"],
      }),
    );
    onCreated();
  });
  const field = (name: "name" | "startDate" | "dueDate", label: string, type = "text") => ({
    label, type, size: "small" as const, ...props(name),
    slotProps: type === "date" ? { inputLabel: { shrink: true } } : undefined,
  });
  return (
    <Paper variant="outlined" component="form" onSubmit={onSubmit} sx={{ p: 2 }}>
      {error && <Alert severity="error" sx={{ mb: 2 }}>{error}</Alert>}
      <Stack direction={{ xs: "column", sm: "row" }} spacing={2}>
        <TextField {...field("name", "Milestone name")} required sx={{ flexGrow: 1 }} />
        <TextField {...field("startDate", "Start", "date")} />
        <TextField {...field("dueDate", "Due", "date")} />
        <Button type="submit" variant="contained">
          Add milestone
        </Button>
      </Stack>
    </Paper>
  );
}
