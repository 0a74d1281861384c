import type { Schemas } from "../../api/client";

const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/**
 * Places milestones on one time axis: from the earliest start (or due) to the latest due (or start). Each bar is a
 * left offset and a width in percent; a milestone with one date is a thin mark at it; one without dates gets none.
 */
export function timelineOf(milestones: Schemas["Milestone"][]) {
  const dates = milestones.flatMap((m) => [m.startDate, m.dueDate]).filter((d): d is string => Boolean(d)).sort();
  const bars: Record<string, { left: number; width: number }> = {};
  if (!dates.length) return { bars, range: null };
  const from = dates[0]!, to = dates[dates.length - 1]!;
  const span = Math.max(1, day(to) - day(from));
  for (const m of milestones) {
    const start = m.startDate ?? m.dueDate, end = m.dueDate ?? m.startDate;
    if (!start || !end) continue;
    bars[m.id] = { left: ((day(start) - day(from)) / span) * 100, width: ((day(end) - day(start)) / span) * 100 };
  }
  return { bars, range: { from, to } };
}
