import { List, ListItem, ListItemText, Typography } from "@mui/material";
import { api } from "../../api/client";
import { unwrap } from "../../api/problems";
import { useLoad } from "../../common/useLoad";
import { ErrorState, Loading } from "../../common/States";
import { fieldLabel, formatTime, humanize } from "../../common/labels";
import { displayName, useDirectory } from "../users/directory";

/** Who changed what, newest first. */
export function TaskHistory({ taskId, version }: { taskId: string; version: number | string }) {
  const byId = useDirectory((s) => s.byId);
  const history = useLoad(
    async () => unwrap(await api.GET("/api/tasks/{id}/history", { params: { path: { id: taskId }, query: { limit: 200 } } })).items.reverse(),
    [taskId, version],
  );
  // Values as the API spells them: people by name, statuses in words.
  const value = (field: string, v: string | null) => {
    if (v == null || v === "") return "—";
    if (/assignee/i.test(field)) return displayName(byId, v);
    if (/status|priority|type|severity/i.test(field)) return humanize(v);
    return v;
  };
  if (history.error) return <ErrorState error={history.error} onRetry={history.reload} />;
  if (!history.data) return <Loading label="Loading history" />;
  if (!history.data.length) return <Typography color="text.secondary">No history yet.</Typography>;
  return (
    <List dense aria-label="History" disablePadding>
      {history.data.map((e, i) => (
        <ListItem key={i} disableGutters>
          <ListItemText
            primary={
              e.field
                ? `${e.actorId ? displayName(byId, e.actorId) : "The system"} changed ${fieldLabel(e.field)}: ${value(e.field, e.from)} → ${value(e.field, e.to)}`
                : `${humanize(e.action)} by ${e.actorId ? displayName(byId, e.actorId) : "the system"}`
            }
            secondary={formatTime(e.at)}
          />
        </ListItem>
      ))}
    </List>
  );
}
