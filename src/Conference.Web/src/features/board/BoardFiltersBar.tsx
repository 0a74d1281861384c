import { useId } from "react";
import type { Schemas, User } from "../../api/client";
import { humanize } from "../../common/labels";
import { noFilters, type BoardFilters } from "./boardModel";

interface Props {
  filters: BoardFilters;
  onChange(filters: BoardFilters): void;
  assignees: User[];
  labels: string[];
  milestones: Schemas["Milestone"][];
}

const types: Schemas["TaskType"][] = ["task", "bug", "story", "epic"];

/** Filters: assignee (or unassigned), label, type, milestone. Native selects drawn as outlined fields (board.css). */
export function BoardFiltersBar({ filters, onChange, assignees, labels, milestones }: Props) {
  const id = useId();
  const select = (name: keyof BoardFilters, label: string, options: { value: string; label: string }[], any: string) => (
    <div className="field">
      <label className="field-label" htmlFor={`${id}-${name}`}>
        {label}
      </label>
      <select id={`${id}-${name}`} className="field-select" value={filters[name]} onChange={(e) => onChange({ ...filters, [name]: e.target.value })}>
        <option value="">{any}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  const active = Object.values(filters).some(Boolean);
  return (
    <div className="board-filters" role="group" aria-label="Board filters">
      {select("assignee", "Assignee", [{ value: "none", label: "Unassigned" }, ...assignees.map((u) => ({ value: u.id, label: u.name }))], "Anyone")}
      {select("label", "Label", labels.map((l) => ({ value: l, label: l })), "Any label")}
      {select("type", "Type", types.map((t) => ({ value: t, label: humanize(t) })), "Any type")}
      {select("milestone", "Milestone", milestones.map((m) => ({ value: m.id, label: m.name })), "Any milestone")}
      {active && (
        <button type="button" className="btn btn-sm" onClick={() => onChange(noFilters)}>
          Clear filters
        </button>
      )}
    </div>
  );
}
