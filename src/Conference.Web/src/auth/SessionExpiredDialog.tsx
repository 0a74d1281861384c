import { Dialog, DialogContent, DialogContentText, DialogTitle, Button, DialogActions } from "@mui/material";
import { useAuth } from "./store";
import { SignInForm } from "./SignInForm";

/**
 * Shown over the page when the session ended mid-work (a 401 that a refresh could not cure). The page stays
 * mounted underneath, so whatever the user typed is still there; the request that failed is retried after signing in.
 */
export default function SessionExpiredDialog() {
  const status = useAuth((s) => s.status);
  const email = useAuth((s) => s.user?.email);
  const signOut = useAuth((s) => s.signOut);
  return (
    <Dialog open={status === "expired"} aria-labelledby="session-expired-title">
      <DialogTitle id="session-expired-title">Your session has ended</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>Sign in again to continue. Nothing you typed has been lost.</DialogContentText>
        <SignInForm email={email} />
      </DialogContent>
      <DialogActions>
        <Button onClick={() => void signOut()}>Sign out instead</Button>
      </DialogActions>
    </Dialog>
  );
}
