import { MenuItem, Stack, TextField } from "@mui/material";
import type { Schemas, User } from "../../api/client";
import { humanize } from "../../common/labels";
import { noFilters, type BoardFilters } from "./boardModel";
import { Button } from "@mui/material";

interface Props {
  filters: BoardFilters;
  onChange(filters: BoardFilters): void;
  assignees: User[];
  labels: string[];
  milestones: Schemas["Milestone"][];
}

const types: Schemas["TaskType"][] = ["task", "bug", "story", "epic"];

/** Filters: assignee (or unassigned), label, type, milestone. */
export function BoardFiltersBar({ filters, onChange, assignees, labels, milestones }: Props) {
  const select = (name: keyof BoardFilters, label: string, options: { value: string; label: string }[], any: string) => (
    <TextField
      select
      size="small"
      label={label}
      value={filters[name]}
      onChange={(e) => onChange({ ...filters, [name]: e.target.value })}
      sx={{ minWidth: { xs: "calc(50% - 8px)", sm: 160 } }}
      slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
    >
      <MenuItem value="">{any}</MenuItem>
      {options.map((o) => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
  const active = Object.values(filters).some(Boolean);
  return (
    <Stack direction="row" sx={{ flexWrap: "wrap", gap: 1, mb: 2, alignItems: "center" }} role="group" aria-label="Board filters">
      {select("assignee", "Assignee", [{ value: "none", label: "Unassigned" }, ...assignees.map((u) => ({ value: u.id, label: u.name }))], "Anyone")}
      {select("label", "Label", labels.map((l) => ({ value: l, label: l })), "Any label")}
      {select("type", "Type", types.map((t) => ({ value: t, label: humanize(t) })), "Any type")}
      {select("milestone", "Milestone", milestones.map((m) => ({ value: m.id, label: m.name })), "Any milestone")}
      {active && (
        <Button size="small" onClick={() => onChange(noFilters)}>
          Clear filters
        </Button>
      )}
    </Stack>
  );
}
