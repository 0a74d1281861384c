import { useState, type FormEvent } from "react";
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField } from "@mui/material";
import { api, type Project, type Schemas } from "../../api/client";
import { fieldErrors, problemMessage, unwrap } from "../../api/problems";
import { humanize, ifMatch } from "../../common/labels";

const statuses: Schemas["ProjectStatus"][] = ["planned", "active", "on_hold", "completed", "archived"];

/** Create a project, or edit one (If-Match: a concurrent change is reported, not overwritten). */
export function ProjectDialog({ project, onClose, onSaved }: { project?: Project; onClose(): void; onSaved(p: Project): void }) {
  const [form, setForm] = useState({
    name: project?.name ?? "",
    description: project?.description ?? "",
    status: project?.status ?? "planned",
    startDate: project?.startDate ?? "",
    endDate: project?.endDate ?? "",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      name: form.name,
      description: form.description || null,
      status: form.status,
      startDate: form.startDate || null,
      endDate: form.endDate || null,
    };
    try {
      const saved = project
        ? unwrap(await api.PUT("/api/projects/{id}", { params: { path: { id: project.id } }, body, headers: { "if-match": ifMatch(project.version) } }))
        : unwrap(await api.POST("/api/projects", { body }));
      onSaved(saved);
    } catch (failure) {
      setErrors(fieldErrors(failure));
      setError(problemMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  const field = (name: keyof typeof form) => ({
    value: form[name],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }),
    error: Boolean(errors[name]),
    helperText: errors[name],
    fullWidth: true,
  });

  return (
    <Dialog open onClose={onClose} aria-labelledby="project-dialog-title" fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="project-dialog-title">{project ? "Edit project" : "New project"}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {error && <Alert severity="error">{error}</Alert>}
            <TextField label="Name" required autoFocus {...field("name")} />
            <TextField label="Description" multiline minRows={2} {...field("description")} />
            <TextField label="Status" select {...field("status")}>
              {statuses.map((s) => (
                <MenuItem key={s} value={s}>
                  {humanize(s)}
                </MenuItem>
              ))}
            </TextField>
            <Stack direction={{ xs: "column", sm: "row" }} spacing={2}>
              <TextField label="Start date" type="date" slotProps={{ inputLabel: { shrink: true } }} {...field("startDate")} />
              <TextField label="End date" type="date" slotProps={{ inputLabel: { shrink: true } }} {...field("endDate")} />
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
