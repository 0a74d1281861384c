import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { Alert, Box, Button, List, ListItem, ListItemButton, ListItemText, Paper, Stack, TextField, Typography } from "@mui/material";
import { api, type Schemas } from "../../api/client";
import { problemMessage, unwrap } from "../../api/problems";
import { useLoad } from "../../common/useLoad";
import { ErrorState, Loading } from "../../common/States";
import { formatTime } from "../../common/labels";
import { onLive } from "../../live/hub";
import { displayName, useDirectory } from "../users/directory";
import { commentParts, insertMention, mentionAt, type MentionQuery } from "./mentions";

type Comment = Schemas["Comment"];

/** Comments, oldest first, live; `@` suggests project members and stores `@<id>` so they are notified. */
export function TaskComments({ taskId, projectId, memberIds }: { taskId: string; projectId: string; memberIds: string[] }) {
  const byId = useDirectory((s) => s.byId);
  const comments = useLoad(async () => unwrap(await api.GET("/api/tasks/{id}/comments", { params: { path: { id: taskId }, query: { limit: 200 } } })).items, [taskId]);
  const { setData } = comments;
  const [text, setText] = useState("");
  const [query, setQuery] = useState<MentionQuery | null>(null);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(
    () =>
      onLive<{ projectId: string; data: Comment }>("commentCreated", (event) => {
        if (event.projectId !== projectId || event.data.taskId !== taskId) return;
        setData((list) => (list && !list.some((c) => c.id === event.data.id) ? [...list, event.data] : list));
      }),
    [taskId, projectId, setData],
  );

  const suggestions = query
    ? memberIds.filter((id) => displayName(byId, id).toLowerCase().includes(query.text.toLowerCase())).slice(0, 5)
    : [];

  function typed(value: string, caret: number) {
    setText(value);
    setQuery(mentionAt(value, caret));
    setActive(0);
  }

  function choose(userId: string) {
    if (!query) return;
    const caret = input.current?.selectionStart ?? text.length;
    const next = insertMention(text, query, caret, userId);
    setText(next.value);
    setQuery(null);
    requestAnimationFrame(() => input.current?.setSelectionRange(next.caret, next.caret));
  }

  function keys(event: KeyboardEvent) {
    if (!suggestions.length) return;
    if (event.key === "ArrowDown") setActive((a) => (a + 1) % suggestions.length);
    else if (event.key === "ArrowUp") setActive((a) => (a + suggestions.length - 1) % suggestions.length);
    else if (event.key === "Enter" || event.key === "Tab") choose(suggestions[active]!);
    else if (event.key === "Escape") setQuery(null);
    else return;
    event.preventDefault();
  }

  async function post(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) return;
    setError(null);
    try {
      const created = unwrap(await api.POST("/api/tasks/{id}/comments", { params: { path: { id: taskId } }, body: { text } }));
      setData((list) => (list && !list.some((c) => c.id === created.id) ? [...list, created] : list));
      setText("");
    } catch (failure) {
      setError(problemMessage(failure));
    }
  }

  return (
    <Stack spacing={1}>
      {comments.error ? (
        <ErrorState error={comments.error} onRetry={comments.reload} />
      ) : !comments.data ? (
        <Loading label="Loading comments" />
      ) : comments.data.length === 0 ? (
        <Typography color="text.secondary">No comments yet.</Typography>
      ) : (
        <List dense aria-label="Comments" disablePadding>
          {comments.data.map((c) => (
            <ListItem key={c.id} alignItems="flex-start" disableGutters>
              <ListItemText
                primary={
                  <>
                    <strong>{displayName(byId, c.authorId)}</strong>{" "}
                    <Typography component="span" variant="caption" color="text.secondary">
                      {formatTime(c.createdAt)}
                    </Typography>
                  </>
                }
                secondary={
                  <Typography component="span" variant="body2" color="text.primary" sx={{ whiteSpace: "pre-wrap" }}>
                    {commentParts(c.text, (id) => Boolean(byId[id])).map((p, i) =>
                      "mention" in p ? (
                        <Box key={i} component="span" sx={{ color: "primary.main", fontWeight: 600 }}>
                          @{displayName(byId, p.mention)}
                        </Box>
                      ) : (
                        <span key={i}>{p.text}</span>
                      ),
                    )}
                  </Typography>
                }
              />
            </ListItem>
          ))}
        </List>
      )}
      <Box component="form" onSubmit={post} sx={{ position: "relative" }}>
        {error && <Alert severity="error" sx={{ mb: 1 }}>{error}</Alert>}
        <TextField
          inputRef={input}
          label="Add a comment"
          helperText="Type @ to mention a member"
          multiline
          minRows={2}
          fullWidth
          size="small"
          value={text}
          onChange={(e) => typed(e.target.value, e.target.selectionStart ?? e.target.value.length)}
          onKeyDown={keys}
          slotProps={{ htmlInput: { "aria-autocomplete": "list", "aria-controls": suggestions.length ? "mention-list" : undefined } }}
        />
        {suggestions.length > 0 && (
          <Paper elevation={4} sx={{ position: "absolute", zIndex: 2, left: 0, right: 0 }}>
            <List dense id="mention-list" role="listbox" aria-label="Mention a member">
              {suggestions.map((id, i) => (
                <ListItemButton key={id} role="option" selected={i === active} aria-selected={i === active} onMouseDown={(e) => (e.preventDefault(), choose(id))}>
                  {displayName(byId, id)}
                </ListItemButton>
              ))}
            </List>
          </Paper>
        )}
        <Button type="submit" variant="contained" size="small" sx={{ mt: 1 }} disabled={!text.trim()}>
          Comment
        </Button>
      </Box>
    </Stack>
  );
}
