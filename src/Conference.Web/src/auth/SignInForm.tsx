import { useState, type FormEvent } from "react";
import { Alert, Box, Button, TextField } from "@mui/material";
import { useAuth } from "./store";
import { problemMessage } from "../api/problems";

/** Email and password; shows the server's words on failure. */
export function SignInForm({ email: initialEmail = "", onSignedIn }: { email?: string; onSignedIn?: () => void }) {
  const signIn = useAuth((s) => s.signIn);
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
      onSignedIn?.();
    } catch (failure) {
      setError(problemMessage(failure, "Could not sign in."));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box component="form" onSubmit={submit} noValidate sx={{ display: "grid", gap: 2 }}>
      {error && <Alert severity="error">{error}</Alert>}
      <TextField label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <Button type="submit" variant="contained" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </Button>
    </Box>
  );
}
