import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { Alert, Box, Button, Chip, IconButton, Link, List, ListItem, Stack, TextField, Tooltip, Typography } from '@mui/material';
import SendIcon from '@mui/icons-material/Send';
import EditIcon from '@mui/icons-material/EditOutlined';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import AddTaskIcon from '@mui/icons-material/AddTask';
import { Link as RouterLink } from 'react-router';
import { problemMessage } from '../../api/problems';
import type { MeetingCall } from './meetingCall';
import { typingNames } from './meetingStore';
import { taskFromMessage } from './roomsApi';

interface MadeTask {
  id: string;
  name: string;
}

/** The room's chat: messages live, edit and delete one's own, turn any message into a task of the room's project. */
export function ChatPanel({ call, projectId }: { call: MeetingCall; projectId: string | null }) {
  const messages = useStore(call.store, (s) => s.messages);
  const selfUserId = useStore(call.store, (s) => s.selfUserId);
  const roomId = useStore(call.store, (s) => s.room?.id ?? '');
  const typingUsers = useStore(call.store, (s) => s.typing);
  const participants = useStore(call.store, (s) => s.participants);
  // Expired entries are dropped every second by the call (expire): whoever is listed is typing.
  const typing = typingNames({ typing: typingUsers, participants }, 0);
  const [text, setText] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tasks, setTasks] = useState<Record<string, MadeTask>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const end = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void end.current?.scrollIntoView?.({ block: 'end' }); // a promise in newer browsers: never the effect's cleanup
  }, [messages.length]);

  async function submit() {
    const value = text.trim();
    if (!value) return;
    setError(null);
    try {
      if (editing) await call.editMessage(editing, value);
      else await call.sendMessage(value);
      setText('');
      setEditing(null);
    } catch (e) {
      setError(problemMessage(e, 'The message could not be sent.'));
    }
  }

  async function makeTask(messageId: string) {
    setBusy(messageId);
    setError(null);
    try {
      const task = await taskFromMessage(roomId, messageId);
      setTasks((t) => ({ ...t, [messageId]: { id: task.id, name: task.name } }));
    } catch (e) {
      setError(problemMessage(e, 'The task could not be created.'));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Stack sx={{ height: '100%', minHeight: 0 }}>
      <Typography variant="h2" sx={{ fontSize: '1.1rem', p: 2, pb: 1 }}>
        Chat
      </Typography>
      <Box role="log" aria-label="Chat messages" aria-live="polite" sx={{ flex: 1, overflowY: 'auto', px: 1 }}>
      <List aria-label="Messages">
        {messages.length === 0 && (
          <Typography color="text.secondary" sx={{ p: 2 }}>
            No messages yet. Say hello!
          </Typography>
        )}
        {messages.map((m) => {
          const own = m.author.userId === selfUserId;
          const task = tasks[m.id];
          return (
            <ListItem key={m.sequence} data-message-id={m.id} sx={{ display: 'block', py: 0.5 }}>
              <Stack direction="row" sx={{ alignItems: 'baseline', gap: 1 }}>
                <Typography variant="subtitle2" component="span">
                  {own ? 'You' : m.author.name}
                </Typography>
                <Typography variant="caption" color="text.secondary" component="span">
                  {new Date(m.sentAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
                  {m.editedAt && !m.deleted && ' · edited'}
                </Typography>
                <Box sx={{ flex: 1 }} />
                {!m.deleted && projectId && !task && (
                  <Tooltip title="Create a task from this message">
                    <span>
                      <IconButton size="small" aria-label={`Create a task from the message “${m.text.slice(0, 40)}”`} onClick={() => void makeTask(m.id)} disabled={busy === m.id}>
                        <AddTaskIcon fontSize="small" />
                      </IconButton>
                    </span>
                  </Tooltip>
                )}
                {own && !m.deleted && (
                  <>
                    <Tooltip title="Edit">
                      <IconButton size="small" aria-label="Edit message" onClick={() => { setEditing(m.id); setText(m.text); }}>
                        <EditIcon fontSize="small" />
                      </IconButton>
                    </Tooltip>
                    <Tooltip title="Delete">
                      <IconButton size="small" aria-label="Delete message" onClick={() => void call.deleteMessage(m.id).catch((e: unknown) => setError(problemMessage(e)))}>
                        <DeleteIcon fontSize="small" />
                      </IconButton>
                    </Tooltip>
                  </>
                )}
              </Stack>
              <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontStyle: m.deleted ? 'italic' : 'normal' }} color={m.deleted ? 'text.secondary' : 'text.primary'}>
                {m.deleted ? 'Message deleted' : m.text}
              </Typography>
              {task && projectId && (
                <Chip
                  size="small"
                  color="success"
                  variant="outlined"
                  sx={{ mt: 0.5 }}
                  label={<Link component={RouterLink} to={`/projects/${projectId}/board?task=${task.id}`} target="_blank">Task created: {task.name}</Link>}
                />
              )}
            </ListItem>
          );
        })}
      </List>
        <div ref={end} />
      </Box>
      <Typography variant="caption" color="text.secondary" aria-live="polite" sx={{ px: 2, minHeight: '1.5em' }}>
        {typing.length > 0 && `${typing.join(', ')} ${typing.length > 1 ? 'are' : 'is'} typing…`}
      </Typography>
      {error && (
        <Alert severity="error" onClose={() => setError(null)} sx={{ mx: 1 }}>
          {error}
        </Alert>
      )}
      <Stack component="form" direction="row" spacing={1} sx={{ p: 1 }} onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <TextField
          size="small"
          fullWidth
          label={editing ? 'Edit your message' : 'Message'}
          value={text}
          onChange={(e) => { setText(e.target.value); call.typing(); }}
          onKeyDown={(e) => { if (e.key === 'Escape' && editing) { setEditing(null); setText(''); } }}
          slotProps={{ htmlInput: { maxLength: 4000 } }}
        />
        {editing ? (
          <Button type="submit" variant="contained">Save</Button>
        ) : (
          <IconButton type="submit" aria-label="Send message" color="primary">
            <SendIcon />
          </IconButton>
        )}
      </Stack>
    </Stack>
  );
}
