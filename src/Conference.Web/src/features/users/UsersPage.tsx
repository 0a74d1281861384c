import { useState } from "react";
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Paper, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TextField, Typography } from "@mui/material";
import AddIcon from "@mui/icons-material/PersonAddAlt";
import { api, type Schemas, type User } from "../../api/client";
import { problemMessage, unwrap } from "../../api/problems";
import { useLoad } from "../../common/useLoad";
import { useForm } from "../../common/useForm";
import { EmptyState, ErrorState, Loading } from "../../common/States";
import { humanize, ifMatch } from "../../common/labels";
import { useAuth } from "../../auth/store";
import { useDirectory } from "./directory";

const roles: Schemas["UserRole"][] = ["member", "admin", "guest"];

async function loadUsers(): Promise<User[]> {
  const all: User[] = [];
  let cursor: string | undefined;
  do {
    const page = unwrap(await api.GET("/api/users", { params: { query: { limit: 200, cursor } } }));
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** Administrators: every account, create one (with a first password to hand over), change roles. */
export function Component() {
  const me = useAuth((s) => s.user);
  const users = useLoad(loadUsers, []);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (me?.role !== "admin") return <Alert severity="info">Only administrators manage users.</Alert>;

  async function changeRole(user: User, role: Schemas["UserRole"]) {
    setError(null);
    try {
      const saved = unwrap(
        await api.PUT("/api/users/{id}", { params: { path: { id: user.id } }, body: { name: user.name, email: user.email, role }, headers: { "if-match": ifMatch(user.version) } }),
      );
      users.setData((l) => l?.map((u) => (u.id === saved.id ? saved : u)));
      void useDirectory.getState().load(true);
    } catch (failure) {
      setError(problemMessage(failure));
    }
  }

  return (
    <Stack spacing={2}>
      <Stack direction="row" sx={{ alignItems: "center" }}>
        <Typography variant="h1" sx={{ fontSize: "1.75rem", flexGrow: 1 }}>
          Users
        </Typography>
        <Button variant="contained" startIcon={<AddIcon />} onClick={() => setCreating(true)}>
          New user
        </Button>
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      {users.error ? (
        <ErrorState error={users.error} onRetry={users.reload} />
      ) : !users.data ? (
        <Loading label="Loading users" />
      ) : users.data.length === 0 ? (
        <EmptyState title="No users" />
      ) : (
        <TableContainer component={Paper} variant="outlined">
          <Table size="small" aria-label="Users">
            <TableHead>
              <TableRow>
                <TableCell>Name</TableCell>
                <TableCell sx={{ display: { xs: "none", sm: "table-cell" } }}>Email</TableCell>
                <TableCell>Role</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {users.data.map((u) => (
                <TableRow key={u.id}>
                  <TableCell>{u.name}</TableCell>
                  <TableCell sx={{ display: { xs: "none", sm: "table-cell" } }}>{u.email}</TableCell>
                  <TableCell>
                    <TextField
                      select
                      size="small"
                      value={u.role}
                      disabled={u.id === me.id}
                      onChange={(e) => void changeRole(u, e.target.value as Schemas["UserRole"])}
                      slotProps={{ htmlInput: { "aria-label": `Role of ${u.name}` } }}
                    >
                      {roles.map((r) => <MenuItem key={r} value={r}>{humanize(r)}</MenuItem>)}
                    </TextField>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {creating && <CreateUserDialog onClose={() => setCreating(false)} onCreated={(u) => (setCreating(false), users.setData((l) => [...(l ?? []), u]), void useDirectory.getState().load(true))} />}
    </Stack>
  );
}

function CreateUserDialog({ onClose, onCreated }: { onClose(): void; onCreated(u: User): void }) {
  const { field: props, submit, error, errors } = useForm({ name: "", email: "", role: "member", password: "" });
  const onSubmit = submit(async (form) =>
    onCreated(unwrap(await api.POST("/api/users", { body: { ...form, role: form.role as Schemas["UserRole"], password: form.password || null } }))),
  );
  const field = (name: "name" | "email" | "role" | "password", label: string, extra: object = {}) => ({ label, fullWidth: true, ...props(name), ...extra });
  return (
    <Dialog open onClose={onClose} aria-labelledby="new-user-title" fullWidth maxWidth="xs">
      <form onSubmit={onSubmit} noValidate>
        <DialogTitle id="new-user-title">New user</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {error && <Alert severity="error">{error}</Alert>}
            <TextField {...field("name", "Name", { required: true, autoFocus: true })} />
            <TextField {...field("email", "Email", { required: true, type: "email" })} />
            <TextField select {...field("role", "Role")}>
              {roles.map((r) => <MenuItem key={r} value={r}>{humanize(r)}</MenuItem>)}
            </TextField>
            <TextField {...field("password", "First password", { type: "password", autoComplete: "new-password", helperText: errors.password ?? "Hand it over; they can change it." })} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained">Create user</Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
