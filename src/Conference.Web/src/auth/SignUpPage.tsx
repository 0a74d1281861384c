import { useState, type FormEvent } from "react";
import { Link as RouterLink, useNavigate, useSearchParams } from "react-router";
import { Alert, Box, Button, Link, TextField, Typography } from "@mui/material";
import { AuthCard } from "./AuthCard";
import { useAuth } from "./store";
import { fieldErrors, problemMessage } from "../api/problems";
import { safeNext } from "./safeNext";

export function Component() {
  const signUp = useAuth((s) => s.signUp);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form, setForm] = useState({ name: "", email: "", password: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setErrors({});
    try {
      await signUp(form.name, form.email, form.password);
      navigate(safeNext(params.get("next")), { replace: true });
    } catch (failure) {
      const byField = fieldErrors(failure);
      setErrors(byField);
      setError(Object.keys(byField).length ? "Please correct the marked fields." : problemMessage(failure, "Could not create the account."));
    } finally {
      setBusy(false);
    }
  }

  const field = (name: keyof typeof form) => ({
    value: form[name],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }),
    error: Boolean(errors[name]),
    helperText: errors[name],
    required: true,
  });

  return (
    <AuthCard title="Create your account">
      <Box component="form" onSubmit={submit} noValidate sx={{ display: "grid", gap: 2 }}>
        {error && <Alert severity="error">{error}</Alert>}
        <TextField label="Name" autoComplete="name" {...field("name")} />
        <TextField label="Email" type="email" autoComplete="email" {...field("email")} />
        <TextField label="Password" type="password" autoComplete="new-password" {...field("password")} />
        <Button type="submit" variant="contained" disabled={busy}>
          {busy ? "Creating…" : "Sign up"}
        </Button>
      </Box>
      <Typography sx={{ mt: 3 }}>
        Already have an account?{" "}
        <Link component={RouterLink} to={`/signin${params.size ? `?${params}` : ""}`}>
          Sign in
        </Link>
      </Typography>
    </AuthCard>
  );
}
