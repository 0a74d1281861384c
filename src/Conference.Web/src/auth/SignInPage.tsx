import { Link as RouterLink, Navigate, useNavigate, useSearchParams } from "react-router";
import { Link, Typography } from "@mui/material";
import { AuthCard } from "./AuthCard";
import { SignInForm } from "./SignInForm";
import { useAuth } from "./store";
import { safeNext } from "./safeNext";

export function Component() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const status = useAuth((s) => s.status);
  const next = safeNext(params.get("next"));
  if (status === "signedIn") return <Navigate to={next} replace />;
  return (
    <AuthCard title="Sign in">
      <SignInForm onSignedIn={() => navigate(next, { replace: true })} />
      <Typography sx={{ mt: 3 }}>
        New here?{" "}
        <Link component={RouterLink} to={`/signup${params.size ? `?${params}` : ""}`}>
          Create an account
        </Link>
      </Typography>
    </AuthCard>
  );
}
