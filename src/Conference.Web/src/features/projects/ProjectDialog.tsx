import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField } from "@mui/material";
import { api, type Project, type Schemas } from "../../api/client";
import { unwrap } from "../../api/problems";
import { useForm } from "../../common/useForm";
import { humanize, ifMatch } from "../../common/labels";

const statuses: Schemas["ProjectStatus"][] = ["planned", "active", "on_hold", "completed", "archived"];

/** Create a project, or edit one (If-Match: a concurrent change is reported, not overwritten). */
export function ProjectDialog({ project, onClose, onSaved }: { project?: Project; onClose(): void; onSaved(p: Project): void }) {
  const { field, submit, error, busy } = useForm({
    name: project?.name ?? "",
    description: project?.description ?? "",
    status: project?.status ?? "planned",
    startDate: project?.startDate ?? "",
    endDate: project?.endDate ?? "",
  });
  const onSubmit = submit(async (form) => {
    const body = {
      name: form.name,
      description: form.description || null,
      status: form.status as Schemas["ProjectStatus"],
      startDate: form.startDate || null,
      endDate: form.endDate || null,
    };
    const saved = project
      ? unwrap(await api.PUT("/api/projects/{id}", { params: { path: { id: project.id } }, body, headers: { "if-match": ifMatch(project.version) } }))
      : unwrap(await api.POST("/api/projects", { body }));
    onSaved(saved);
  });

  return (
    <Dialog open onClose={onClose} aria-labelledby="project-dialog-title" fullWidth maxWidth="sm">
      <form onSubmit={onSubmit} noValidate>
        <DialogTitle id="project-dialog-title">{project ? "Edit project" : "New project"}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {error && <Alert severity="error">{error}</Alert>}
            <TextField label="Name" required autoFocus fullWidth {...field("name")} />
            <TextField label="Description" multiline minRows={2} fullWidth {...field("description")} />
            <TextField label="Status" select fullWidth {...field("status")}>
              {statuses.map((s) => (
                <MenuItem key={s} value={s}>
                  {humanize(s)}
                </MenuItem>
              ))}
            </TextField>
            <Stack direction={{ xs: "column", sm: "row" }} spacing={2}>
              <TextField label="Start date" type="date" slotProps={{ inputLabel: { shrink: true } }} fullWidth {...field("startDate")} />
              <TextField label="End date" type="date" slotProps={{ inputLabel: { shrink: true } }} fullWidth {...field("endDate")} />
            </Stack>
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={busy}>
            {project ? "Save" : "Create project"}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

export default ProjectDialog;
