import { Link as RouterLink, useNavigate, useSearchParams } from "react-router";
import { Alert, Box, Button, Link, TextField, Typography } from "@mui/material";
import { AuthCard } from "./AuthCard";
import { useAuth } from "./store";
import { useForm } from "../common/useForm";
import { safeNext } from "./safeNext";

export function Component() {
  const signUp = useAuth((s) => s.signUp);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { field, submit, error, busy } = useForm({ name: "", email: "", password: "" });
  const onSubmit = submit(async (form) => {
    await signUp(form.name, form.email, form.password);
    navigate(safeNext(params.get("next")), { replace: true });
  }, "Could not create the account.");

  return (
    <AuthCard title="Create your account">
      <Box component="form" onSubmit={onSubmit} noValidate sx={{ display: "grid", gap: 2 }}>
        {error && <Alert severity="error">{error}</Alert>}
        <TextField label="Name" autoComplete="name" required {...field("name")} />
        <TextField label="Email" type="email" autoComplete="email" required {...field("email")} />
        <TextField label="Password" type="password" autoComplete="new-password" required {...field("password")} />
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
