import { useState } from "react";
import { Alert, Button, Chip, Stack, Typography } from "@mui/material";
import { api } from "../../api/client";
import { problemMessage, unwrap } from "../../api/problems";
import { useLoad } from "../../common/useLoad";
import { ErrorState } from "../../common/States";
import { useAuth } from "../../auth/store";
import { displayName, useDirectory } from "../users/directory";

/** Who watches the task; the user watches or stops watching it. */
export function TaskWatchers({ taskId }: { taskId: string }) {
  const me = useAuth((s) => s.user?.id);
  const byId = useDirectory((s) => s.byId);
  const watchers = useLoad(async () => unwrap(await api.GET("/api/tasks/{id}/watchers", { params: { path: { id: taskId } } })), [taskId]);
  const [error, setError] = useState<string | null>(null);
  const watching = Boolean(me && watchers.data?.includes(me));

  async function toggle() {
    setError(null);
    try {
      if (watching) {
        unwrap(await api.DELETE("/api/tasks/{id}/watchers", { params: { path: { id: taskId } } }));
        watchers.setData((w) => w?.filter((id) => id !== me));
      } else {
        const list = unwrap(await api.POST("/api/tasks/{id}/watchers", { params: { path: { id: taskId } } }));
        watchers.setData(() => list);
      }
    } catch (failure) {
      setError(problemMessage(failure));
    }
  }

  if (watchers.error) return <ErrorState error={watchers.error} onRetry={watchers.reload} />;
  return (
    <Stack spacing={1}>
      {error && <Alert severity="error">{error}</Alert>}
      <Stack direction="row" sx={{ flexWrap: "wrap", gap: 0.5 }} aria-label="Watchers" role="list">
        {(watchers.data ?? []).map((id) => (
          <Chip key={id} size="small" label={displayName(byId, id)} role="listitem" />
        ))}
        {watchers.data?.length === 0 && <Typography color="text.secondary">Nobody watches this task.</Typography>}
      </Stack>
      <Button size="small" variant="outlined" onClick={() => void toggle()} sx={{ alignSelf: "flex-start" }} disabled={!watchers.data}>
        {watching ? "Stop watching" : "Watch"}
      </Button>
    </Stack>
  );
}
