import { useEffect, useState } from "react";
import { Link as RouterLink } from "react-router";
import { Alert, Badge, Button, FormControlLabel, List, ListItem, ListItemButton, ListItemText, Paper, Stack, Switch, Typography } from "@mui/material";
import { api, type Schemas } from "../../api/client";
import { problemMessage, unwrap } from "../../api/problems";
import { useLoad } from "../../common/useLoad";
import { EmptyState, ErrorState, Loading } from "../../common/States";
import { formatTime, humanize } from "../../common/labels";
import { useNotifications } from "./store";

type Notification = Schemas["Notification"];

/** The inbox, newest first: open the task, mark read (one or all); new ones arrive live. */
export function Component() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const arrived = useNotifications((s) => s.arrived);
  const [error, setError] = useState<string | null>(null);
  const list = useLoad(async () => {
    const all: Notification[] = [];
    let cursor: string | undefined;
    do {
      const page = unwrap(await api.GET("/api/notifications", { params: { query: { limit: 200, cursor, unread: unreadOnly || undefined } } }));
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all.reverse();
  }, [unreadOnly]);
  const { setData } = list;

  useEffect(() => {
    const latest = arrived[0];
    if (latest) setData((l) => (l && !l.some((n) => n.id === latest.id) ? [latest, ...l] : l));
  }, [arrived, setData]);

  async function markRead(n: Notification) {
    if (n.read) return;
    try {
      unwrap(await api.PATCH("/api/notifications/{id}", { params: { path: { id: n.id } }, body: { read: true } }));
      setData((l) => l?.map((x) => (x.id === n.id ? { ...x, read: true } : x)));
      useNotifications.getState().markedRead(1);
    } catch (failure) {
      setError(problemMessage(failure));
    }
  }

  async function readAll() {
    try {
      unwrap(await api.POST("/api/notifications/read-all"));
      setData((l) => l?.map((x) => ({ ...x, read: true })));
      useNotifications.setState({ unread: 0 });
    } catch (failure) {
      setError(problemMessage(failure));
    }
  }

  return (
    <Stack spacing={2} sx={{ maxWidth: 800 }}>
      <Stack direction={{ xs: "column", sm: "row" }} spacing={1} sx={{ alignItems: { sm: "center" } }}>
        <Typography variant="h1" sx={{ fontSize: "1.75rem", flexGrow: 1 }}>
          Notifications
        </Typography>
        <FormControlLabel control={<Switch checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} />} label="Unread only" />
        <Button variant="outlined" onClick={() => void readAll()}>
          Mark all read
        </Button>
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading label="Loading notifications" />
      ) : list.data.length === 0 ? (
        <EmptyState title={unreadOnly ? "Nothing unread" : "No notifications yet"} />
      ) : (
        <Paper variant="outlined">
          <List aria-label="Notifications">
            {list.data.map((n) => (
              <ListItem key={n.id} disablePadding>
                <ListItemButton component={RouterLink} to={`/projects/${n.projectId}/board?task=${n.taskId}`} onClick={() => void markRead(n)}>
                  <Badge color="primary" variant="dot" invisible={n.read} sx={{ mr: 2 }} aria-label={n.read ? undefined : "unread"}>
                    <span />
                  </Badge>
                  <ListItemText
                    primary={n.message}
                    secondary={`${humanize(n.kind)} · ${formatTime(n.at)}`}
                    slotProps={{ primary: { sx: { fontWeight: n.read ? 400 : 700 } } }}
                  />
                </ListItemButton>
              </ListItem>
            ))}
          </List>
        </Paper>
      )}
    </Stack>
  );
}
