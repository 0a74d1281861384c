import { useState, type FormEvent } from "react";
import {
  Alert, Autocomplete, Avatar, Box, Button, IconButton, List, ListItem, ListItemAvatar, ListItemText, MenuItem, Paper, Stack,
  TextField, Typography,
} from "@mui/material";
import DeleteIcon from "@mui/icons-material/PersonRemoveOutlined";
import { api, type Schemas, type User } from "../../api/client";
import { problemMessage, unwrap } from "../../api/problems";
import { EmptyState } from "../../common/States";
import { humanize } from "../../common/labels";
import { displayName, initials, useDirectory } from "../users/directory";
import { useProject } from "./projectContext";

type Role = Schemas["ProjectRole"];

/** Members and their roles: add (from the account directory), change role, remove (owners and admins). */
export function Component() {
  const { project, members, reloadMembers } = useProject();
  const users = useDirectory((s) => s.users);
  const byId = useDirectory((s) => s.byId);
  const [adding, setAdding] = useState<User | null>(null);
  const [role, setRole] = useState<Role>("member");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const candidates = users.filter((u) => !members.some((m) => m.userId === u.id));

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      reloadMembers();
    } catch (failure) {
      setError(problemMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!adding) return;
    void run(async () => {
      unwrap(await api.POST("/api/projects/{id}/members", { params: { path: { id: project.id } }, body: { userId: adding.id, role } }));
      setAdding(null);
    });
  };

  const remove = (userId: string) =>
    run(async () => unwrap(await api.DELETE("/api/projects/{id}/members/{userId}", { params: { path: { id: project.id, userId } } })));

  // A role change is a remove and an add (the API has no role update); the server refuses to drop the last owner.
  const changeRole = (userId: string, next: Role) =>
    run(async () => {
      unwrap(await api.DELETE("/api/projects/{id}/members/{userId}", { params: { path: { id: project.id, userId } } }));
      unwrap(await api.POST("/api/projects/{id}/members", { params: { path: { id: project.id } }, body: { userId, role: next } }));
    });

  return (
    <Stack spacing={2} sx={{ maxWidth: 720 }}>
      <Typography variant="h2" sx={{ fontSize: "1.25rem" }}>
        Members
      </Typography>
      {error && <Alert severity="error">{error}</Alert>}
      <Paper variant="outlined" component="form" onSubmit={add} sx={{ p: 2 }}>
        <Stack direction={{ xs: "column", sm: "row" }} spacing={2}>
          <Autocomplete
            options={candidates}
            value={adding}
            onChange={(_, u) => setAdding(u)}
            getOptionLabel={(u) => `${u.name} (${u.email})`}
            renderInput={(params) => <TextField {...params} label="Add a person" />}
            sx={{ flexGrow: 1 }}
          />
          <TextField label="Role" select value={role} onChange={(e) => setRole(e.target.value as Role)} sx={{ minWidth: 140 }}>
            <MenuItem value="member">Member</MenuItem>
            <MenuItem value="owner">Owner</MenuItem>
          </TextField>
          <Button type="submit" variant="contained" disabled={!adding || busy}>
            Add member
          </Button>
        </Stack>
      </Paper>
      {members.length === 0 ? (
        <EmptyState title="No members yet" />
      ) : (
        <Paper variant="outlined">
          <List aria-label="Project members">
            {members.map((m) => {
              const name = displayName(byId, m.userId);
              return (
                <ListItem
                  key={m.userId}
                  secondaryAction={
                    <Box sx={{ display: "flex", gap: 1, alignItems: "center" }}>
                      <TextField
                        select
                        size="small"
                        label={`Role of ${name}`}
                        value={m.role}
                        onChange={(e) => void changeRole(m.userId, e.target.value as Role)}
                        sx={{ width: 130, display: { xs: "none", sm: "inline-flex" } }}
                      >
                        <MenuItem value="member">Member</MenuItem>
                        <MenuItem value="owner">Owner</MenuItem>
                      </TextField>
                      <IconButton edge="end" aria-label={`Remove ${name}`} onClick={() => void remove(m.userId)} disabled={busy}>
                        <DeleteIcon />
                      </IconButton>
                    </Box>
                  }
                >
                  <ListItemAvatar>
                    <Avatar>{initials(name)}</Avatar>
                  </ListItemAvatar>
                  <ListItemText primary={name} secondary={`${humanize(m.role)} · ${byId[m.userId]?.email ?? ""}`} />
                </ListItem>
              );
            })}
          </List>
        </Paper>
      )}
    </Stack>
  );
}
