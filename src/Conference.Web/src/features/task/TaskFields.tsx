import { useState, type FormEvent } from "react";
import { Alert, Autocomplete, Button, Chip, MenuItem, Stack, TextField, Typography } from "@mui/material";
import type { Schemas, Task } from "../../api/client";
import { fieldErrors, problemMessage } from "../../api/problems";
import { humanize } from "../../common/labels";
import { displayName, useDirectory } from "../users/directory";
import { isConflict, patchTask, type TaskChanges } from "../board/tasks";

interface Props {
  task: Task;
  tasks: Task[];
  statuses: Schemas["WorkflowStatus"][];
  memberIds: string[];
  milestones: Schemas["Milestone"][];
  onSaved(task: Task): void;
  onReload(): void;
}

const types: Schemas["TaskType"][] = ["task", "bug", "story", "epic"];
const priorities: Schemas["TaskPriority"][] = ["low", "medium", "high", "urgent"];
const severities = ["minor", "major", "critical", "blocker"] as const;

type Form = {
  name: string; description: string; type: string; workflowStatus: string; priority: string; assignee: string; dueDate: string;
  estimate: string; labels: string[]; milestoneId: string; parentId: string; blockedBy: string[];
  severity: string; stepsToReproduce: string; environment: string; affectedVersion: string; fixedInVersion: string;
};

function formOf(t: Task): Form {
  return {
    name: t.name, description: t.description ?? "", type: t.type ?? "task", workflowStatus: t.workflowStatus ?? "", priority: t.priority,
    assignee: t.assignee ?? "", dueDate: t.dueDate ?? "", estimate: t.estimate == null ? "" : String(t.estimate), labels: t.labels ?? [],
    milestoneId: t.milestoneId ?? "", parentId: t.parentId ?? "", blockedBy: t.blockedBy ?? [], severity: t.severity ?? "",
    stepsToReproduce: t.stepsToReproduce ?? "", environment: t.environment ?? "", affectedVersion: t.affectedVersion ?? "",
    fixedInVersion: t.fixedInVersion ?? "",
  };
}

/** The changed fields only, as a merge patch ("" clears a field). */
export function changesOf(before: Form, after: Form): TaskChanges {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof Form)[]) {
    const a = before[key], b = after[key];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (key === "estimate") out[key] = b === "" ? null : Number(b);
    else if (Array.isArray(b)) out[key] = b;
    else out[key] = b === "" && key !== "name" ? null : b;
  }
  return out as TaskChanges;
}

/** Every field of a task, bug fields for bugs; saved as a merge patch with If-Match. */
export function TaskFields({ task, tasks, statuses, memberIds, milestones, onSaved, onReload }: Props) {
  const byId = useDirectory((s) => s.byId);
  const [form, setForm] = useState<Form>(() => formOf(task));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const changes = changesOf(formOf(task), form);
  const dirty = Object.keys(changes).length > 0;
  const others = tasks.filter((t) => t.id !== task.id);
  const parents = others.filter((t) => t.type === "epic" || t.type === "story");
  const names = Object.fromEntries(others.map((t) => [t.id, t.name]));

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setConflict(false);
    setErrors({});
    try {
      const saved = await patchTask(task, changes);
      onSaved(saved);
      setForm(formOf(saved));
    } catch (failure) {
      if (isConflict(failure)) setConflict(true);
      else {
        setErrors(fieldErrors(failure));
        setError(problemMessage(failure));
      }
    } finally {
      setBusy(false);
    }
  }

  const text = (name: keyof Form, label: string, extra: object = {}) => ({
    label,
    value: form[name] as string,
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }),
    error: Boolean(errors[name]),
    helperText: errors[name],
    fullWidth: true,
    size: "small" as const,
    ...extra,
  });
  const date = { slotProps: { inputLabel: { shrink: true } } };

  return (
    <Stack component="form" onSubmit={save} noValidate spacing={2} aria-label="Task fields">
      {conflict && (
        <Alert severity="warning" action={<Button color="inherit" size="small" onClick={onReload}>Reload</Button>}>
          Someone else changed this task first; your edits were not saved. Reload to see their version.
        </Alert>
      )}
      {error && <Alert severity="error">{error}</Alert>}
      <TextField {...text("name", "Name", { required: true })} />
      <TextField {...text("description", "Description", { multiline: true, minRows: 3 })} />
      <Stack direction={{ xs: "column", sm: "row" }} spacing={2}>
        <TextField select {...text("type", "Type")}>
          {types.map((t) => <MenuItem key={t} value={t}>{humanize(t)}</MenuItem>)}
        </TextField>
        <TextField select {...text("workflowStatus", "Status")}>
          {statuses.map((s) => <MenuItem key={s.key} value={s.key}>{s.name}</MenuItem>)}
        </TextField>
        <TextField select {...text("priority", "Priority")}>
          {priorities.map((p) => <MenuItem key={p} value={p}>{humanize(p)}</MenuItem>)}
        </TextField>
      </Stack>
      <Stack direction={{ xs: "column", sm: "row" }} spacing={2}>
        <TextField select {...text("assignee", "Assignee")}>
          <MenuItem value="">Unassigned</MenuItem>
          {memberIds.map((id) => <MenuItem key={id} value={id}>{displayName(byId, id)}</MenuItem>)}
        </TextField>
        <TextField type="date" {...text("dueDate", "Due date", date)} />
        <TextField type="number" {...text("estimate", "Estimate (points)", { slotProps: { htmlInput: { min: 0, step: 0.5 } } })} />
      </Stack>
      <Autocomplete
        multiple
        freeSolo
        options={[] as string[]}
        value={form.labels}
        onChange={(_, labels) => setForm({ ...form, labels: labels as string[] })}
        renderValue={(values, getItemProps) => values.map((v, i) => <Chip size="small" label={v} {...getItemProps({ index: i })} key={v} />)}
        renderInput={(p) => <TextField {...p} size="small" label="Labels" helperText={errors.labels ?? "Type a label and press Enter"} error={Boolean(errors.labels)} />}
      />
      <Stack direction={{ xs: "column", sm: "row" }} spacing={2}>
        <TextField select {...text("milestoneId", "Milestone")}>
          <MenuItem value="">None</MenuItem>
          {milestones.map((m) => <MenuItem key={m.id} value={m.id}>{m.name}</MenuItem>)}
        </TextField>
        <TextField select {...text("parentId", "Parent")}>
          <MenuItem value="">None</MenuItem>
          {parents.map((t) => <MenuItem key={t.id} value={t.id}>{t.name}</MenuItem>)}
        </TextField>
      </Stack>
      <Autocomplete
        multiple
        options={others.map((t) => t.id)}
        value={form.blockedBy}
        onChange={(_, ids) => setForm({ ...form, blockedBy: ids })}
        getOptionLabel={(id) => names[id] ?? id}
        renderInput={(p) => <TextField {...p} size="small" label="Blocked by" error={Boolean(errors.blockedBy)} helperText={errors.blockedBy} />}
      />
      {form.type === "bug" && (
        <Stack spacing={2} component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
          <Typography component="legend" variant="subtitle2">
            Bug details
          </Typography>
          <TextField select {...text("severity", "Severity")}>
            <MenuItem value="">Not set</MenuItem>
            {severities.map((s) => <MenuItem key={s} value={s}>{humanize(s)}</MenuItem>)}
          </TextField>
          <TextField {...text("stepsToReproduce", "Steps to reproduce", { multiline: true, minRows: 2 })} />
          <TextField {...text("environment", "Environment")} />
          <Stack direction={{ xs: "column", sm: "row" }} spacing={2}>
            <TextField {...text("affectedVersion", "Affected version")} />
            <TextField {...text("fixedInVersion", "Fixed in version")} />
          </Stack>
        </Stack>
      )}
      <Stack direction="row" spacing={1}>
        <Button type="submit" variant="contained" disabled={!dirty || busy}>
          Save changes
        </Button>
        <Button disabled={!dirty || busy} onClick={() => setForm(formOf(task))}>
          Discard
        </Button>
      </Stack>
    </Stack>
  );
}
